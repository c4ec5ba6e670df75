import { STICKERS } from "../../../schema/stickers";
import type { Message } from "../../../schema/messages";
import { t } from "../i18n";
import { currentUser } from "../state/session";
import { nameOf } from "../state/users";

// One line that stands for a message: in the room list, a reply's quote, notifications.

const PREVIEW_MAX = 140;

export function previewOf(message: Message): string {
  if (message.deleted) return t("message.deleted");
  switch (message.kind) {
    case "poll":
      return t("message.pollPreview", { question: message.poll?.question ?? "" });
    case "sticker":
      return STICKERS.find((sticker) => sticker.id === message.sticker)?.glyphs ?? t("message.sticker");
    case "image":
      return t("message.image");
    case "voice":
      return t("message.voice");
    case "file":
      return t("message.file", { name: message.attachment?.name ?? "" });
    case "system":
      return systemText(message);
    case "text":
      return clip(message.text ?? "");
  }
}

const clip = (text: string) => {
  const line = text.replace(/\s+/gu, " ").trim();
  return line.length > PREVIEW_MAX ? `${line.slice(0, PREVIEW_MAX)}…` : line;
};

/** A system event in the person's language; the server's English text when the event is unknown. */
export function systemText(message: Message): string {
  const event = message.system;
  if (!event) return message.text ?? "";
  const who = (id: string | null) => (id === null ? t("people.someone") : id === currentUser.value?.id ? t("people.you") : (nameOf(id) ?? t("people.someone")));
  const actor = who(event.actor_id);
  const user = who(event.user_id);
  const value = event.value ?? "";
  switch (event.action) {
    case "room_created":
      return t("system.roomCreated", { actor, value });
    case "member_added":
      return t("system.memberAdded", { actor, user });
    case "member_removed":
      return t("system.memberRemoved", { actor, user });
    case "member_left":
      return t("system.memberLeft", { user });
    case "member_joined":
      return t("system.memberJoined", { user });
    case "owner_changed":
      return t("system.ownerChanged", { user });
    case "role_changed":
      return t(value === "admin" ? "system.madeAdmin" : "system.madeMember", { actor, user });
    case "room_renamed":
      return t("system.roomRenamed", { actor, value });
    case "description_changed":
      return t("system.descriptionChanged", { actor });
  }
  return message.text ?? "";
}
