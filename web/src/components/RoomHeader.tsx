import type { Room } from "../../../schema/rooms";
import { t } from "../i18n";
import { online } from "../state/room";
import { navigate, roomDetailsPath } from "../state/router";
import { currentUser } from "../state/session";
import { Avatar, roomAvatarUrl } from "./Avatar";
import { Icon } from "./Icon";
import { Link } from "./Link";
import { PageHeading } from "./PageHeading";

export function RoomHeader({ room, showBack }: { room: Room; showBack: boolean }) {
  return (
    <header class="room-header">
      {showBack && (
        <button type="button" class="icon-button" aria-label={t("room.back")} onClick={back}>
          <Icon name="back" />
        </button>
      )}
      <Avatar id={room.id} name={room.title} url={roomAvatarUrl(room)} />
      <div class="room-header-text">
        <PageHeading>
          <Link href={roomDetailsPath(room.id)} class="room-title-link">
            {room.title}
          </Link>
        </PageHeading>
        <p class="room-subtitle">{subtitleOf(room)}</p>
      </div>
      <Link href={roomDetailsPath(room.id)} class="icon-button" label={t("room.details")}>
        <Icon name="info" />
      </Link>
    </header>
  );
}

// From the list, Back returns to it as the browser's own Back would; opened from a link, it
// goes to the list anyway.
function back() {
  if (globalThis.navigation?.canGoBack) history.back();
  else navigate("/", { replace: true });
}

function subtitleOf(room: Room): string {
  const me = currentUser.value?.id;
  const others = [...online.value].filter((id) => id !== me).length;
  if (room.kind === "direct") return room.peer && online.value.has(room.peer.id) ? t("room.online") : room.peer ? `@${room.peer.username}` : "";
  const members = t(room.member_count === 1 ? "room.membersOne" : "room.members", { count: room.member_count });
  return others > 0 ? `${members} · ${t("room.onlineCount", { count: others })}` : members;
}
