import { t } from "../../i18n";
import { clearSearch, searchNow, searchQuery, setSearchQuery } from "../../state/search";
import { Icon } from "../Icon";
import "../../styles/search.css";

export const SEARCH_INPUT_ID = "search-input";
export const SEARCH_RESULTS_ID = "search-results";

/** The search landmark over the room list: chats, people and messages. */
export function SearchBox() {
  return (
    <form
      role="search"
      class="room-search"
      aria-label={t("search.landmark")}
      onSubmit={(event) => {
        event.preventDefault();
        searchNow();
      }}
    >
      <Icon name="search" size={18} />
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        class="room-search-input"
        aria-label={t("search.label")}
        aria-controls={searchQuery.value.trim() ? SEARCH_RESULTS_ID : undefined}
        placeholder={t("search.placeholder")}
        autocomplete="off"
        enterKeyHint="search"
        value={searchQuery.value}
        onInput={(event) => setSearchQuery(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && searchQuery.peek()) {
            event.preventDefault();
            clearSearch();
          } else if (event.key === "ArrowDown") {
            const first = document.getElementById(SEARCH_RESULTS_ID)?.querySelector<HTMLElement>("a[href], button");
            if (!first) return;
            event.preventDefault();
            first.focus();
          }
        }}
      />
    </form>
  );
}
