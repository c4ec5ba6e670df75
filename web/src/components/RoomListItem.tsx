import type { Message } from "../../../schema/messages";
import type { Room } from "../../../schema/rooms";
import { listTime } from "../format";
import { t } from "../i18n";
import { isMuted } from "../state/rooms";
import { roomPath } from "../state/router";
import { currentUser } from "../state/session";
import { nameOf } from "../state/users";
import { Avatar, roomAvatarUrl } from "./Avatar";
import { Link } from "./Link";
import { previewOf } from "./messagePreview";

interface RoomListItemProps {
  room: Room;
  selected: boolean;
}

export function RoomListItem({ room, selected }: RoomListItemProps) {
  const muted = isMuted(room);
  const unread = room.unread_count;
  const last = room.last_message;
  return (
    <li class="room-item" data-selected={selected ? "" : undefined} data-unread={unread > 0 ? "" : undefined}>
      <Link href={roomPath(room.id)} class="room-item-link" current={selected}>
        <Avatar id={room.id} name={room.title} url={roomAvatarUrl(room)} />
        <span class="room-item-body">
          <span class="room-item-top">
            <span class="room-item-title">{room.title}</span>
            {room.favorite && (
              <span class="room-item-flag" title={t("rooms.favorite")}>
                <span aria-hidden="true">★</span>
                <span class="visually-hidden">{t("rooms.favorite")}</span>
              </span>
            )}
            {muted && (
              <span class="room-item-flag" title={t("rooms.muted")}>
                <span aria-hidden="true">🔕</span>
                <span class="visually-hidden">{t("rooms.muted")}</span>
              </span>
            )}
            {last && (
              <time class="room-item-time" dateTime={last.created_at}>
                {listTime(last.created_at)}
              </time>
            )}
          </span>
          <span class="room-item-bottom">
            <span class="room-item-preview">{last ? <Preview message={last} room={room} /> : t("rooms.noMessages")}</span>
            {unread > 0 && (
              <span class="room-item-badge" data-muted={muted ? "" : undefined}>
                <span aria-hidden="true">{unread > 99 ? "99+" : unread}</span>
                <span class="visually-hidden">{t(unread === 1 ? "rooms.unreadOne" : "rooms.unread", { count: unread })}</span>
              </span>
            )}
          </span>
        </span>
      </Link>
    </li>
  );
}

function Preview({ message, room }: { message: Message; room: Room }) {
  const mine = message.sender_id !== null && message.sender_id === currentUser.value?.id;
  const text = previewOf(message);
  if (mine) return <>{t("rooms.previewYou", { text })}</>;
  // In a direct chat every message is from the one other person; groups name the sender.
  if (room.kind !== "direct" && message.kind !== "system" && message.sender_id) {
    const name = nameOf(message.sender_id);
    if (name) return <>{t("rooms.previewFrom", { name, text })}</>;
  }
  return <>{text}</>;
}
