import { batch, effect, signal } from "@preact/signals";
import type { Message } from "../../../schema/messages";
import { openRoomId } from "./room";

// The composer's mode in the open room: a plain message, a reply, or an edit.

export const replyingTo = signal<Message | null>(null, { name: "replyingTo" });
export const editing = signal<Message | null>(null, { name: "editing" });
/** Bumped to move focus to the composer (after choosing Reply or Edit). */
export const composerFocus = signal(0, { name: "composerFocus" });

export function startReply(message: Message) {
  batch(() => {
    editing.value = null;
    replyingTo.value = message;
    composerFocus.value++;
  });
}

export function startEdit(message: Message) {
  batch(() => {
    replyingTo.value = null;
    editing.value = message;
    composerFocus.value++;
  });
}

export function cancelMode() {
  batch(() => {
    replyingTo.value = null;
    editing.value = null;
  });
}

effect(() => {
  void openRoomId.value;
  cancelMode();
});
