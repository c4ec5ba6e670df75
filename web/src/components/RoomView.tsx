import { t } from "../i18n";
import { actionProblem, lastArrival, openRoomId } from "../state/room";
import { roomById, roomsKnown } from "../state/rooms";
import { nameOf } from "../state/users";
import { Composer } from "./Composer";
import { MessageList } from "./MessageList";
import { previewOf } from "./messagePreview";
import { OfflineBanner } from "./OfflineBanner";
import { PageHeading } from "./PageHeading";
import { RoomHeader } from "./RoomHeader";
import { TypingIndicator } from "./TypingIndicator";

export function RoomView({ roomId, showBack }: { roomId: string; showBack: boolean }) {
  const room = roomById(roomId);
  if (!room) {
    return (
      <section class="room-missing">
        <PageHeading>{roomsKnown.value ? t("room.notFoundTitle") : t("room.loading")}</PageHeading>
        {roomsKnown.value && <p>{t("room.notFound")}</p>}
      </section>
    );
  }
  const ready = openRoomId.value === roomId;
  return (
    <section class="room-view">
      <RoomHeader room={room} showBack={showBack} />
      {showBack && <OfflineBanner />}
      {ready && <MessageList key={roomId} room={room} />}
      <ActionProblem />
      <TypingIndicator />
      {ready && <Composer key={roomId} room={room} />}
      <Arrivals />
    </section>
  );
}

function ActionProblem() {
  const problem = actionProblem.value;
  return (
    <div class="action-problem" role="alert" data-empty={problem ? undefined : ""}>
      {problem && (
        <>
          <span>{problem}</span>
          <button type="button" class="link-button" onClick={() => (actionProblem.value = null)}>
            {t("room.dismiss")}
          </button>
        </>
      )}
    </div>
  );
}

/** Screen readers hear messages from others as they arrive, once each. */
function Arrivals() {
  const message = lastArrival.value;
  const text = message ? t("room.arrival", { name: nameOf(message.sender_id ?? "") ?? t("people.someone"), text: previewOf(message) }) : "";
  return (
    <div class="visually-hidden" aria-live="polite">
      {text}
    </div>
  );
}
