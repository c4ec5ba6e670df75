import { useSignal } from "@preact/signals";
import { t } from "../i18n";
import { addFiles } from "../state/attachments";
import { actionProblem, lastArrival, openRoomId } from "../state/room";
import { reportUsed } from "../state/report";
import { roomById, roomsKnown } from "../state/rooms";
import { nameOf } from "../state/users";
import { Composer } from "./Composer";
import { lightboxImage } from "./files/Attachment";
import { lazyComponent } from "./lazyComponent";
import { MessageList } from "./MessageList";
import { previewOf } from "./messagePreview";
import { OfflineBanner } from "./OfflineBanner";
import { PageHeading } from "./PageHeading";
import { RoomHeader } from "./RoomHeader";
import { TypingIndicator } from "./TypingIndicator";

const Lightbox = lazyComponent(() => import("./files/Lightbox").then((m) => m.Lightbox), () => t("app.loading"));
const ReportDialog = lazyComponent(() => import("./ReportDialog").then((m) => m.ReportDialog), () => t("app.loading"));

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes("Files") ?? false;

export function RoomView({ roomId, showBack }: { roomId: string; showBack: boolean }) {
  const room = roomById(roomId);
  const dragging = useSignal(false);
  if (!room) {
    return (
      <section class="room-missing">
        <PageHeading>{roomsKnown.value ? t("room.notFoundTitle") : t("room.loading")}</PageHeading>
        {roomsKnown.value && <p>{t("room.notFound")}</p>}
      </section>
    );
  }
  const ready = openRoomId.value === roomId;
  // Files dropped anywhere on the room join the composer's tray (where the person may post).
  const canPost = !(room.kind === "channel" && room.my_role === "member");
  return (
    <section
      class="room-view"
      data-dragging={dragging.value ? "" : undefined}
      onDragOver={(event) => {
        if (!canPost || !carriesFiles(event)) return;
        event.preventDefault();
        dragging.value = true;
      }}
      onDragLeave={(event) => {
        if (!(event.currentTarget as HTMLElement).contains(event.relatedTarget as Node | null)) dragging.value = false;
      }}
      onDrop={(event) => {
        dragging.value = false;
        if (!canPost || !carriesFiles(event)) return;
        event.preventDefault();
        addFiles(roomId, event.dataTransfer?.files ?? []);
      }}
    >
      <RoomHeader room={room} showBack={showBack} />
      {showBack && <OfflineBanner />}
      {ready && <MessageList key={roomId} room={room} />}
      <ActionProblem />
      <TypingIndicator />
      {ready && <Composer key={roomId} room={room} />}
      <Arrivals />
      {dragging.value && (
        <p class="drop-hint" aria-hidden="true">
          {t("files.dropHere")}
        </p>
      )}
      {lightboxImage.value && <Lightbox image={lightboxImage.value} onClose={() => (lightboxImage.value = null)} />}
      {reportUsed.value && <ReportDialog roomId={roomId} />}
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
