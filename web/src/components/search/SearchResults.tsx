import type { User } from "../../../../schema/api";
import type { MessageHit } from "../../../../schema/search";
import { listTime } from "../../format";
import { t } from "../../i18n";
import { roomById } from "../../state/rooms";
import {
  hitGroups,
  loadingMore,
  loadMoreHits,
  messageHits,
  nextCursor,
  openHit,
  openPerson,
  peopleHits,
  roomHits,
  searchesMessages,
  searchPartial,
  searchProblem,
  searchQuery,
  searchSource,
  searchStatus,
  type RoomGroup,
} from "../../state/search";
import { currentUser } from "../../state/session";
import { nameOf } from "../../state/users";
import { Avatar } from "../Avatar";
import { RoomListItem } from "../RoomListItem";
import { Highlighted } from "./Highlighted";
import { SEARCH_INPUT_ID, SEARCH_RESULTS_ID } from "./SearchBox";

type Level = 2 | 3;

interface SearchResultsProps {
  selectedId: string | null;
  /** The level of the section headings, one below the list's own heading. */
  level: Level;
}

/** Chats, people and messages for the query in the search box; arrow keys move between them. */
export function SearchResults({ selectedId, level }: SearchResultsProps) {
  const query = searchQuery.value.trim();
  const chats = roomHits.value;
  const me = currentUser.value?.id;
  const people = peopleHits.value.filter((user) => user.id !== me);
  const groups = hitGroups.value;
  const status = searchStatus.value;
  const Heading = `h${level}` as const;
  const nothing = status === "done" && chats.length === 0 && people.length === 0 && groups.length === 0;
  return (
    <div class="search-results" id={SEARCH_RESULTS_ID} onKeyDown={moveFocus}>
      <p class="visually-hidden" role="status">
        {announcement()}
      </p>
      {chats.length > 0 && (
        <section aria-labelledby="search-chats">
          <Heading id="search-chats" class="search-heading">
            {t("search.chats")}
          </Heading>
          <ul class="room-items">
            {chats.map((room) => (
              <RoomListItem key={room.id} room={room} selected={room.id === selectedId} />
            ))}
          </ul>
        </section>
      )}
      {people.length > 0 && (
        <section aria-labelledby="search-people">
          <Heading id="search-people" class="search-heading">
            {t("search.people")}
          </Heading>
          <ul class="search-list">
            {people.map((user) => (
              <Person key={user.id} user={user} />
            ))}
          </ul>
        </section>
      )}
      {groups.length > 0 && (
        <section aria-labelledby="search-messages">
          <Heading id="search-messages" class="search-heading">
            {t("search.messages")}
          </Heading>
          {searchSource.value === "device" && <p class="search-note">{t("search.offline")}</p>}
          <ul class="search-list">
            {groups.map((group) => (
              <Group key={group.roomId} group={group} level={(level + 1) as 3 | 4} />
            ))}
          </ul>
        </section>
      )}
      {nextCursor.value !== null && (
        <button type="button" class="search-more" disabled={loadingMore.value} onClick={() => void loadMoreHits()}>
          {loadingMore.value ? t("search.loadingMore") : t("search.more")}
        </button>
      )}
      {searchPartial.value && <p class="search-note">{t("search.partial")}</p>}
      {!searchesMessages.value && <p class="search-note">{t("search.shortQuery")}</p>}
      {status === "searching" && <p class="search-note">{t("search.searching")}</p>}
      {searchProblem.value && (
        <p class="search-note search-problem" role="alert">
          {searchProblem.value}
        </p>
      )}
      {nothing && <p class="room-list-note">{t("search.nothing", { query })}</p>}
    </div>
  );
}

function announcement(): string {
  if (searchStatus.value === "searching") return t("search.searching");
  if (searchStatus.value !== "done") return "";
  const count = messageHits.value.length;
  return count === 1 ? t("search.foundOne") : t("search.found", { count });
}

function Person({ user }: { user: User }) {
  // Read as "Message Ben Bitdiddle", shown as the name alone.
  const [before = "", after = ""] = t("search.messagePerson").split("{person}");
  return (
    <li>
      <button type="button" class="search-item" onClick={() => void openPerson(user)}>
        <Avatar id={user.id} name={user.display_name} url={user.avatar_url} size="small" />
        <span class="search-item-body">
          <span class="search-item-title">
            {before && <span class="visually-hidden">{before}</span>}
            {user.display_name}
            {after && <span class="visually-hidden">{after}</span>}
          </span>
          <span class="search-item-detail">@{user.username}</span>
        </span>
      </button>
    </li>
  );
}

function Group({ group, level }: { group: RoomGroup; level: 3 | 4 }) {
  const Heading = `h${level}` as const;
  const headingId = `search-room-${group.roomId}`;
  return (
    <li class="search-group">
      <Heading id={headingId} class="search-group-title">
        {roomById(group.roomId)?.title ?? t("search.unknownRoom")}
      </Heading>
      <ul class="search-list" aria-labelledby={headingId}>
        {group.hits.map((hit) => (
          <Hit key={hit.message.id} hit={hit} />
        ))}
      </ul>
    </li>
  );
}

function Hit({ hit }: { hit: MessageHit }) {
  const { message } = hit;
  const sender =
    message.sender_id === null
      ? t("people.someone")
      : message.sender_id === currentUser.value?.id
        ? t("search.you")
        : (nameOf(message.sender_id) ?? t("people.someone"));
  return (
    <li>
      <button type="button" class="search-item search-hit" data-seq={message.seq} onClick={() => openHit(hit)}>
        <span class="search-item-body">
          <span class="search-hit-top">
            <span class="search-item-title">{sender}</span>
            <time class="search-item-detail" dateTime={message.created_at}>
              {listTime(message.created_at)}
            </time>
          </span>
          <span class="search-hit-text" dir="auto">
            <Highlighted segments={hit.highlight} />
          </span>
        </span>
      </button>
    </li>
  );
}

// Up and down walk the results; up from the first goes back to the box.
function moveFocus(event: KeyboardEvent) {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const items = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>("a[href], button:not(:disabled)")];
  const index = items.indexOf(document.activeElement as HTMLElement);
  if (index < 0) return;
  event.preventDefault();
  const next = event.key === "ArrowDown" ? items[index + 1] : index === 0 ? document.getElementById(SEARCH_INPUT_ID) : items[index - 1];
  next?.focus();
}
