import type { RoomDetail } from "../../../../schema/rooms";
import { t } from "../../i18n";
import { Avatar, roomAvatarUrl } from "../Avatar";

/** What the room is: its kind, size and description. A direct room shows the other person. */
export function RoomSummary({ room }: { room: RoomDetail }) {
  const peer = room.kind === "direct" ? room.peer : null;
  return (
    <div class="room-summary">
      <Avatar id={peer?.id ?? room.id} name={room.title} url={roomAvatarUrl(room)} size="large" />
      <div class="room-summary-text">
        {peer ? (
          <>
            <p class="room-summary-title">{peer.display_name}</p>
            {peer.username && <p class="muted">@{peer.username}</p>}
            <p class="muted">{t("details.kind.direct")}</p>
          </>
        ) : (
          <>
            <p class="room-summary-title">{room.title}</p>
            <p class="muted">
              {t(room.kind === "channel" ? "details.kind.channel" : "details.kind.group")}
              {" · "}
              {room.member_count === 1 ? t("details.memberCountOne") : t("details.memberCount", { count: room.member_count })}
            </p>
          </>
        )}
        {peer
          ? peer.bio && <p class="room-summary-description">{peer.bio}</p>
          : room.description && <p class="room-summary-description">{room.description}</p>}
      </div>
    </div>
  );
}
