import { STICKERS } from "../../../schema/stickers";
import type { Message } from "../../../schema/messages";
import type { Room } from "../../../schema/rooms";
import { clockTime, fullTime } from "../format";
import { t } from "../i18n";
import type { OutboxEntry } from "../store/db";
import { discardEntry, retryEntry } from "../state/outbox";
import { messages, readersOf, showMessage } from "../state/room";
import { currentUser } from "../state/session";
import { nameOf, usersById } from "../state/users";
import { Avatar } from "./Avatar";
import { AttachmentView, PendingAttachmentView } from "./files/Attachment";
import { Icon } from "./Icon";
import { MessageActions } from "./MessageActions";
import { previewOf, systemText } from "./messagePreview";
import { MessageText } from "./MessageText";
import { PollView } from "./PollView";
import { ReactionBar } from "./ReactionBar";

type BubbleProps = { room: Room; grouped: boolean; highlighted: boolean } & ({ message: Message; pending?: never } | { pending: OutboxEntry; message?: never });

export function MessageBubble(props: BubbleProps) {
  const { room, grouped, highlighted } = props;
  const me = currentUser.value?.id ?? null;
  if (props.message?.kind === "system") {
    return (
      <p class="system-message" data-seq={props.message.seq} tabIndex={-1}>
        {systemText(props.message)}
      </p>
    );
  }
  const { message, pending } = props;
  const senderId = message ? message.sender_id : me;
  const mine = senderId !== null && senderId === me;
  const sender = mine ? t("people.you") : senderId ? (nameOf(senderId) ?? t("people.someone")) : t("people.deleted");
  const showSender = !mine && !grouped && room.kind !== "direct";
  const replyTo = message ? message.reply_to : (pending?.input.reply_to ?? null);
  const createdAt = message ? message.created_at : new Date(pending?.queued_at ?? Date.now()).toISOString();

  return (
    <div
      class="message"
      data-mine={mine ? "" : undefined}
      data-grouped={grouped ? "" : undefined}
      data-highlighted={highlighted ? "" : undefined}
      data-seq={message?.seq}
      data-state={pending ? (pending.failure ? "failed" : "sending") : undefined}
      data-kind={(message && !message.deleted ? message.kind : pending?.input.kind) ?? undefined}
      tabIndex={message ? -1 : undefined}
    >
      {!mine && room.kind !== "direct" && (
        <span class="message-avatar">{!grouped && senderId && <Avatar id={senderId} name={sender} url={usersById.value.get(senderId)?.avatar_url} size="small" />}</span>
      )}
      <div class="message-column">
        <div class="bubble">
          {showSender ? <p class="message-sender">{sender}</p> : <span class="visually-hidden">{sender}: </span>}
          {replyTo !== null && <ReplyQuote seq={replyTo} />}
          {message ? <MessageBody message={message} room={room} /> : pending && <PendingBody entry={pending} />}
          <p class="message-meta">
            {message?.edited_at && !message.deleted && <span>{t("message.edited")}</span>}
            <time dateTime={createdAt} title={fullTime(createdAt)}>
              {clockTime(createdAt)}
            </time>
            {mine && message && <DeliveryMark seq={message.seq} room={room} />}
            {pending && !pending.failure && (
              <span class="delivery" title={t("message.sending")}>
                <Icon name="clock" size={14} />
                <span class="visually-hidden">{t("message.sending")}</span>
              </span>
            )}
          </p>
        </div>
        {pending?.failure && <FailedNotice entry={pending} />}
        {message && !message.deleted && <ReactionBar message={message} />}
      </div>
      {message && !message.deleted && <MessageActions message={message} room={room} mine={mine} />}
    </div>
  );
}

function MessageBody({ message, room }: { message: Message; room: Room }) {
  if (message.deleted) return <p class="message-deleted">{t("message.deleted")}</p>;
  switch (message.kind) {
    case "poll":
      return message.poll ? <PollView message={message} poll={message.poll} room={room} /> : null;
    case "sticker":
      return <StickerBody id={message.sticker} />;
    case "image":
    case "file":
    case "voice":
      return (
        <>
          {message.attachment ? <AttachmentView message={message} /> : <p class="message-file">{previewOf(message)}</p>}
          {message.text && <MessageText text={message.text} />}
        </>
      );
    default:
      return <MessageText text={message.text ?? ""} />;
  }
}

function StickerBody({ id }: { id: string | null | undefined }) {
  const sticker = STICKERS.find((s) => s.id === id);
  return (
    <p class="message-sticker" role="img" aria-label={sticker?.label ?? t("message.sticker")} title={sticker?.label}>
      {sticker?.glyphs ?? "❔"}
    </p>
  );
}

function PendingBody({ entry }: { entry: OutboxEntry }) {
  if (entry.input.kind === "sticker") return <StickerBody id={entry.input.sticker} />;
  if (entry.attachment) {
    return (
      <>
        <PendingAttachmentView entry={entry} />
        {entry.input.text && <MessageText text={entry.input.text} />}
      </>
    );
  }
  if (entry.input.kind === "poll" && entry.input.poll) {
    return (
      <div class="poll">
        <p class="poll-question">{entry.input.poll.question}</p>
        <ul class="poll-options">
          {entry.input.poll.options.map((option, index) => (
            <li key={index} class="poll-option poll-option-static">
              {option}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return <MessageText text={entry.input.text ?? ""} />;
}

function ReplyQuote({ seq }: { seq: number }) {
  const window = messages.value;
  const original = window[seq - (window[0]?.seq ?? 0)];
  const found = original?.seq === seq ? original : undefined;
  const me = currentUser.value?.id;
  const who = found?.sender_id ? (found.sender_id === me ? t("people.you") : (nameOf(found.sender_id) ?? t("people.someone"))) : null;
  return (
    <button type="button" class="reply-quote" onClick={() => void showMessage(seq)}>
      <span class="visually-hidden">{t("message.replyTo")} </span>
      <span class="reply-quote-name">{who ?? t("message.earlier")}</span>
      {found && <span class="reply-quote-text"> {previewOf(found)}</span>}
    </button>
  );
}

function DeliveryMark({ seq, room }: { seq: number; room: Room }) {
  const readers = readersOf(seq);
  const label =
    readers === 0 ? t("message.sent") : room.kind === "direct" ? t("message.read") : t(readers === 1 ? "message.readByOne" : "message.readBy", { count: readers });
  return (
    <span class="delivery" data-read={readers > 0 ? "" : undefined} title={label}>
      <Icon name={readers > 0 ? "checks" : "check"} size={14} />
      <span class="visually-hidden">{label}</span>
    </span>
  );
}

function FailedNotice({ entry }: { entry: OutboxEntry }) {
  return (
    <div class="message-failed" role="alert">
      <Icon name="alert" size={16} />
      <span>{t("message.failed", { reason: entry.failure ?? "" })}</span>
      <button type="button" class="link-button" onClick={() => void retryEntry(entry.client_msg_id)}>
        {t("message.retry")}
      </button>
      <button type="button" class="link-button" onClick={() => void discardEntry(entry.client_msg_id)}>
        {t("message.discard")}
      </button>
    </div>
  );
}
