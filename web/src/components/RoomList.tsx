import { t } from "../i18n";
import { networkOnline } from "../state/connectivity";
import { filteredRooms, roomFilter, rooms, roomsKnown } from "../state/rooms";
import { route } from "../state/router";
import { FirstRun } from "./FirstRun";
import { Icon } from "./Icon";
import { InstallPrompt } from "./InstallPrompt";
import { Link } from "./Link";
import { OfflineBanner } from "./OfflineBanner";
import { RoomListItem } from "./RoomListItem";

interface RoomListProps {
  /** Alone on a phone: the list is the page, so its title is the page's heading. */
  standalone: boolean;
}

export function RoomList({ standalone }: RoomListProps) {
  const Heading = standalone ? "h1" : "h2";
  const current = route.value;
  const selectedId = current.name === "room" || current.name === "room-details" ? current.roomId : null;
  const all = rooms.value;
  const shown = filteredRooms.value;
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
      {all.length > 0 && (
        <div class="room-search">
          <Icon name="search" size={18} />
          <input
            type="search"
            class="room-search-input"
            aria-label={t("rooms.search")}
            placeholder={t("rooms.search")}
            value={roomFilter.value}
            onInput={(event) => {
              roomFilter.value = event.currentTarget.value;
            }}
          />
        </div>
      )}
      <div class="room-list-body">
        {all.length > 0 ? (
          shown.length > 0 ? (
            <ul class="room-items" aria-labelledby="room-list-title">
              {shown.map((room) => (
                <RoomListItem key={room.id} room={room} selected={room.id === selectedId} />
              ))}
            </ul>
          ) : (
            <p class="room-list-note">{t("rooms.noMatch", { query: roomFilter.value.trim() })}</p>
          )
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
