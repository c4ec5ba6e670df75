import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { MESSAGE_TEXT_MAX } from "../../../schema/rules";
import type { Room } from "../../../schema/rooms";
import { t } from "../i18n";
import { loadDraft, saveDraft } from "../store/drafts";
import { addFiles, clearTray, sendTray, sendVoice, tray } from "../state/attachments";
import { cancelMode, composerFocus, editing, replyingTo } from "../state/composer";
import { queueMessage } from "../state/outbox";
import { editText, noteTyping, showLatest } from "../state/room";
import { currentUser } from "../state/session";
import { nameOf } from "../state/users";
import { AttachmentTray } from "./files/AttachmentTray";
import { Icon } from "./Icon";
import { lazyComponent } from "./lazyComponent";
import { previewOf } from "./messagePreview";

// Rarely opened, so they load on first use and stay out of the first download.
const EmojiPicker = lazyComponent(() => import("./EmojiPicker").then((m) => m.EmojiPicker), () => t("app.loading"));
const PollCreator = lazyComponent(() => import("./PollCreator").then((m) => m.PollCreator), () => t("app.loading"));
const StickerPicker = lazyComponent(() => import("./files/StickerPicker").then((m) => m.StickerPicker), () => t("app.loading"));
const VoiceRecorder = lazyComponent(() => import("./files/VoiceRecorder").then((m) => m.VoiceRecorder), () => t("app.loading"));

const DRAFT_SAVE_DELAY_MS = 400;
// On touch screens Enter makes a new line (there is no Shift key to hold); the button sends.
const coarsePointer = () => matchMedia("(pointer: coarse)").matches;

export function Composer({ room }: { room: Room }) {
  const text = useSignal("");
  const picker = useSignal<"emoji" | "poll" | "sticker" | "voice" | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // The draft of this room comes back; the composer is rebuilt per room (keyed by its id).
  useEffect(() => {
    let live = true;
    void loadDraft(room.id).then((draft) => {
      if (live && text.peek() === "" && draft) {
        text.value = draft;
        requestAnimationFrame(resize);
      }
    });
    return () => {
      live = false;
      clearTray();
      clearTimeout(saveTimer.current);
      void saveDraft(room.id, inEdit.current ? stashed.current : text.peek());
    };
  }, []);

  // Reply and Edit (chosen in a message's menu) bring the focus here; an edit puts the
  // message's text in the field and keeps what was being written for afterwards.
  const handledFocus = useRef(composerFocus.peek());
  const inEdit = useRef(false);
  const stashed = useRef("");
  useSignalEffect(() => {
    if (composerFocus.value === handledFocus.current) return;
    handledFocus.current = composerFocus.value;
    const target = editing.peek();
    if (target) {
      if (!inEdit.current) stashed.current = text.peek();
      inEdit.current = true;
      text.value = target.text ?? "";
    } else if (inEdit.current) {
      restoreStash();
    }
    requestAnimationFrame(() => {
      resize();
      field.current?.focus();
    });
  });

  const restoreStash = () => {
    inEdit.current = false;
    text.value = stashed.current;
    stashed.current = "";
    requestAnimationFrame(resize);
  };

  const leaveEdit = () => {
    cancelMode();
    restoreStash();
  };

  const resize = () => {
    const element = field.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${element.scrollHeight}px`;
  };

  const scheduleDraft = () => {
    clearTimeout(saveTimer.current);
    if (inEdit.current) return;
    saveTimer.current = setTimeout(() => void saveDraft(room.id, text.peek()), DRAFT_SAVE_DELAY_MS);
  };

  const onInput = (event: Event) => {
    text.value = (event.currentTarget as HTMLTextAreaElement).value;
    resize();
    scheduleDraft();
    if (text.value.trim() !== "") noteTyping();
  };

  const submit = async () => {
    const body = text.peek().trim();
    const withFiles = tray.peek().length > 0 && !editing.peek();
    if (body === "" && !withFiles) return;
    const target = editing.peek();
    if (target) {
      if (body !== target.text) void editText(target, body);
      leaveEdit();
      return;
    }
    const reply = replyingTo.peek();
    text.value = "";
    cancelMode();
    clearTimeout(saveTimer.current);
    void saveDraft(room.id, "");
    requestAnimationFrame(resize);
    if (withFiles) await sendTray(room.id, body, reply?.seq ?? null);
    else await queueMessage(room.id, { kind: "text", text: body, ...(reply && { reply_to: reply.seq }) });
    void showLatest();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && (editing.peek() || replyingTo.peek())) {
      event.preventDefault();
      if (editing.peek()) leaveEdit();
      else cancelMode();
      return;
    }
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !coarsePointer()) {
      event.preventDefault();
      void submit();
    }
  };

  const insert = (emoji: string) => {
    const element = field.current;
    const value = text.peek();
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    text.value = value.slice(0, start) + emoji + value.slice(end);
    scheduleDraft();
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + emoji.length, start + emoji.length);
      resize();
    });
  };

  // Images pasted from the clipboard join the tray; pasted text goes into the field as usual.
  const onPaste = (event: ClipboardEvent) => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    addFiles(room.id, files);
  };

  const closePicker = () => {
    picker.value = null;
    field.current?.focus();
  };

  if (room.kind === "channel" && room.my_role === "member") {
    return <p class="composer-readonly">{t("composer.channelReadOnly")}</p>;
  }

  const target = editing.value;
  const reply = replyingTo.value;
  const me = currentUser.value?.id;
  const hasFiles = tray.value.length > 0 && !target;
  const empty = text.value.trim() === "" && !hasFiles;
  return (
    <div class="composer">
      {(target || reply) && (
        <div class="composer-mode">
          <Icon name={target ? "info" : "reply"} size={16} />
          <p>
            <strong>
              {target
                ? t("composer.editing")
                : t("composer.replyingTo", { name: reply!.sender_id === me ? t("people.you") : (nameOf(reply!.sender_id ?? "") ?? t("people.someone")) })}
            </strong>
            <span class="composer-mode-quote">{previewOf((target ?? reply)!)}</span>
          </p>
          <button
            type="button"
            class="icon-button"
            aria-label={target ? t("composer.cancelEdit") : t("composer.cancelReply")}
            onClick={() => {
              if (target) leaveEdit();
              else cancelMode();
              field.current?.focus();
            }}
          >
            <Icon name="close" size={18} />
          </button>
        </div>
      )}
      {!target && <AttachmentTray />}
      {picker.value === "sticker" && (
        <StickerPicker
          onPick={(sticker) => {
            picker.value = null;
            void queueMessage(room.id, { kind: "sticker", sticker }).then(() => showLatest());
            field.current?.focus();
          }}
          onClose={closePicker}
        />
      )}
      {picker.value === "voice" && (
        <VoiceRecorder
          onSend={(blob, durationMs) => {
            picker.value = null;
            void sendVoice(room.id, blob, durationMs).then(() => showLatest());
          }}
          onClose={closePicker}
        />
      )}
      {(picker.value === "emoji" || picker.value === "poll") &&
        (picker.value === "emoji" ? (
            <EmojiPicker
              onPick={insert}
              onClose={() => {
                picker.value = null;
                field.current?.focus();
              }}
            />
          ) : (
            <PollCreator
              onCreate={(poll) => {
                picker.value = null;
                void queueMessage(room.id, { kind: "poll", poll }).then(() => showLatest());
              }}
              onClose={() => {
                picker.value = null;
                field.current?.focus();
              }}
            />
          ))}
      <form
        class="composer-row"
        hidden={picker.value === "voice"}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <button
          type="button"
          class="icon-button"
          aria-label={t("composer.emoji")}
          aria-expanded={picker.value === "emoji"}
          onClick={() => (picker.value = picker.value === "emoji" ? null : "emoji")}
        >
          <Icon name="smile" />
        </button>
        {!target && (
          <>
            <button type="button" class="icon-button" aria-label={t("composer.poll")} onClick={() => (picker.value = "poll")}>
              <Icon name="poll" />
            </button>
            <button
              type="button"
              class="icon-button"
              aria-label={t("stickers.open")}
              aria-expanded={picker.value === "sticker"}
              onClick={() => (picker.value = picker.value === "sticker" ? null : "sticker")}
            >
              <Icon name="sticker" />
            </button>
            <button type="button" class="icon-button" aria-label={t("files.attach")} onClick={() => fileInput.current?.click()}>
              <Icon name="paperclip" />
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              tabIndex={-1}
              aria-label={t("files.attach")}
              onChange={(event) => {
                const input = event.currentTarget as HTMLInputElement;
                if (input.files) addFiles(room.id, input.files);
                input.value = "";
                field.current?.focus();
              }}
            />
          </>
        )}
        <textarea
          ref={field}
          class="composer-input"
          rows={1}
          aria-label={target ? t("composer.editLabel") : t("composer.label")}
          placeholder={t("composer.placeholder")}
          maxLength={MESSAGE_TEXT_MAX}
          value={text.value}
          onInput={onInput}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          enterkeyhint={coarsePointer() ? "enter" : "send"}
        />
        {empty && !target ? (
          <button type="button" class="icon-button icon-button-primary composer-send" aria-label={t("voice.record")} onClick={() => (picker.value = "voice")}>
            <Icon name="mic" />
          </button>
        ) : (
          <button type="submit" class="icon-button icon-button-primary composer-send" aria-label={target ? t("composer.save") : t("composer.send")} disabled={empty}>
            <Icon name={target ? "check" : "send"} />
          </button>
        )}
      </form>
    </div>
  );
}
