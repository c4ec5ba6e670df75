import { t } from "../i18n";
import { networkOnline } from "../state/connectivity";
import { rooms, roomsKnown } from "../state/rooms";
import { route } from "../state/router";
import { searchActive } from "../state/search";
import { FirstRun } from "./FirstRun";
import { Icon } from "./Icon";
import { InstallPrompt } from "./InstallPrompt";
import { Link } from "./Link";
import { OfflineBanner } from "./OfflineBanner";
import { RoomListItem } from "./RoomListItem";
import { SearchBox } from "./search/SearchBox";
import { SearchResults } from "./search/SearchResults";

interface RoomListProps {
  /** Alone on a phone: the list is the page, so its title is the page's heading. */
  standalone: boolean;
}

export function RoomList({ standalone }: RoomListProps) {
  const Heading = standalone ? "h1" : "h2";
  const current = route.value;
  const selectedId = current.name === "room" || current.name === "room-details" ? current.roomId : null;
  const all = rooms.value;
  return (
    <div class="room-list">
      <header class="pane-header">
        <Heading class="pane-title" id="room-list-title">
          {t("rooms.title")}
        </Heading>
        <div class="pane-actions">
          <Link href="/new" class="icon-button icon-button-primary" label={t("rooms.newChat")} current={current.name === "new-chat"}>
            <Icon name="plus" />
          </Link>
          <Link href="/settings" class="icon-button" label={t("rooms.settings")} current={current.name === "settings"}>
            <Icon name="gear" />
          </Link>
        </div>
      </header>
      <OfflineBanner />
      <InstallPrompt />
      {all.length > 0 && <SearchBox />}
      <div class="room-list-body">
        {all.length > 0 && searchActive.value ? (
          <SearchResults selectedId={selectedId} level={standalone ? 2 : 3} />
        ) : all.length > 0 ? (
          <ul class="room-items" aria-labelledby="room-list-title">
            {all.map((room) => (
              <RoomListItem key={room.id} room={room} selected={room.id === selectedId} />
            ))}
          </ul>
        ) : roomsKnown.value ? (
          standalone ? (
            <FirstRun />
          ) : (
            <p class="room-list-note">{t("rooms.none")}</p>
          )
        ) : (
          <p class="room-list-note" role="status">
            {networkOnline.value ? t("rooms.loading") : t("rooms.offlineEmpty")}
          </p>
        )}
      </div>
    </div>
  );
}
