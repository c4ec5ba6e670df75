import { useSignal } from "@preact/signals";
import { useEffect, useId, useRef } from "preact/hooks";
import type { User } from "../../../../schema/api";
import { searchUsers } from "../../api";
import { t } from "../../i18n";
import { describe } from "../../state/form";
import { currentUser } from "../../state/session";
import { Avatar } from "../Avatar";

// Long enough that typing a name is one request, short enough to feel immediate.
const DEBOUNCE_MS = 250;
const RESULTS = 10;

interface PeopleSearchProps {
  label: string;
  /** People not to offer: whoever is already chosen, or already a member. */
  exclude?: ReadonlySet<string>;
  /**
   * What choosing a person does, as a sentence around "{person}" ("Message {person}").
   * Only screen readers hear the words around it; everyone sees the name.
   */
  action: string;
  onChoose: (user: User) => void;
  /** Clear the box after a choice, for picking several people one after another. */
  clearOnChoose?: boolean;
  disabled?: boolean;
}

type Status = { kind: "idle" } | { kind: "searching" } | { kind: "done"; results: User[] } | { kind: "failed"; message: string };

/** Finds people by username or display name as the person types. */
export function PeopleSearch({ label, exclude, action, onChoose, clearOnChoose, disabled }: PeopleSearchProps) {
  const query = useSignal("");
  const status = useSignal<Status>({ kind: "idle" });
  const inputId = useId();
  const statusId = useId();
  const list = useRef<HTMLUListElement>(null);
  const me = currentUser.value?.id;

  useEffect(() => {
    const q = query.value.trim();
    if (!q) {
      status.value = { kind: "idle" };
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      status.value = { kind: "searching" };
      searchUsers(q, RESULTS).then(
        (results) => {
          if (current) status.value = { kind: "done", results };
        },
        (error: unknown) => {
          if (current) status.value = { kind: "failed", message: describe(error) };
        },
      );
    }, DEBOUNCE_MS);
    // A newer query makes this one's answer stale, however late it arrives.
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query.value]);

  const [before = "", after = ""] = action.split("{person}");
  const state = status.value;
  const results = state.kind === "done" ? state.results.filter((user) => user.id !== me && !exclude?.has(user.id)) : [];

  const choose = (user: User) => {
    onChoose(user);
    if (!clearOnChoose) return;
    query.value = "";
    // The chosen row disappears; the box is where the next search starts.
    document.getElementById(inputId)?.focus();
  };

  // Arrow keys walk from the box into the results and between them, as in a menu.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const buttons = Array.from(list.current?.querySelectorAll("button") ?? []);
    if (buttons.length === 0) return;
    event.preventDefault();
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const step = event.key === "ArrowDown" ? 1 : -1;
    const next = at === -1 ? (step === 1 ? 0 : buttons.length - 1) : at + step;
    if (next < 0 || next >= buttons.length) document.getElementById(inputId)?.focus();
    else buttons[next]!.focus();
  };

  return (
    <div class="people-search" onKeyDown={onKeyDown}>
      <label for={inputId}>{label}</label>
      <input
        id={inputId}
        type="search"
        class="search-input"
        value={query}
        onInput={(event) => {
          query.value = event.currentTarget.value;
        }}
        autocomplete="off"
        autocapitalize="none"
        spellcheck={false}
        enterKeyHint="search"
        aria-describedby={statusId}
        aria-controls={results.length > 0 ? `${inputId}-results` : undefined}
        disabled={disabled}
      />
      <p id={statusId} class="people-search-status" role="status" data-failed={state.kind === "failed" ? "" : undefined}>
        {statusText(state, results.length, query.value.trim())}
      </p>
      {results.length > 0 && (
        <ul ref={list} id={`${inputId}-results`} class="person-list" aria-label={t("people.results")}>
          {results.map((user) => (
            <li key={user.id}>
              <button type="button" class="person-row" onClick={() => choose(user)} disabled={disabled}>
                <Avatar id={user.id} name={user.display_name} url={user.avatar_url} />
                <span class="person-text">
                  {before && <span class="visually-hidden">{before}</span>}
                  <span class="person-name">{user.display_name}</span>
                  <span class="person-handle"> @{user.username}</span>
                  {after && <span class="visually-hidden">{after}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function statusText(state: Status, shown: number, query: string): string {
  switch (state.kind) {
    case "idle":
      return "";
    case "searching":
      return t("people.searching");
    case "failed":
      return state.message;
    case "done":
      if (shown === 0) return t("people.none", { query });
      return shown === 1 ? t("people.foundOne") : t("people.found", { count: shown });
  }
}
