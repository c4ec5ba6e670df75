import { signal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { Message } from "../../../schema/messages";
import type { Room } from "../../../schema/rooms";
import { t } from "../i18n";
import { startEdit, startReply } from "../state/composer";
import { deleteText, toggleReaction } from "../state/room";
import { openReport } from "../state/report";
import { currentUser } from "../state/session";
import { Icon } from "./Icon";
import { QUICK_REACTIONS } from "./quickEmoji";

// One message's menu at a time, whichever row it belongs to.
const openFor = signal<string | null>(null);
const confirming = signal(false);
const opensUp = signal(false);

// The menu opens downwards unless the list has no room for it below the message.
const MENU_HEIGHT_PX = 240;

const keyOf = (message: Message) => `${message.room_id}:${message.seq}`;

function close() {
  openFor.value = null;
  confirming.value = false;
}

interface MessageActionsProps {
  message: Message;
  room: Room;
  mine: boolean;
}

export function MessageActions({ message, room, mine }: MessageActionsProps) {
  const key = keyOf(message);
  const open = openFor.value === key;
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>("button")?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!panel.current?.contains(event.target as Node) && !toggle.current?.contains(event.target as Node)) close();
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.stopPropagation();
    close();
    toggle.current?.focus();
  };

  const openMenu = () => {
    const button = toggle.current;
    const list = button?.closest("[role=log]");
    if (button && list) opensUp.value = list.getBoundingClientRect().bottom - button.getBoundingClientRect().bottom < MENU_HEIGHT_PX;
    confirming.value = false;
    openFor.value = key;
  };

  const canEdit = mine && message.kind === "text";
  const canDelete = mine || room.my_role !== "member";
  const canReport = !mine && message.kind !== "system";
  const me = currentUser.value?.id ?? "";
  const then = (action: () => void) => () => {
    close();
    action();
  };

  return (
    <div class="message-actions" onKeyDown={onKeyDown}>
      <button
        ref={toggle}
        type="button"
        class="icon-button message-actions-toggle"
        aria-label={t("message.actions")}
        aria-expanded={open}
        onClick={() => (open ? close() : openMenu())}
      >
        <Icon name="more" size={18} />
      </button>
      {open && (
        <div ref={panel} class="message-menu" data-up={opensUp.value ? "" : undefined} role="group" aria-label={t("message.actions")}>
          <div class="message-menu-reactions">
            {QUICK_REACTIONS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                class="emoji-button"
                aria-label={t("message.reactWith", { emoji })}
                aria-pressed={message.reactions[emoji]?.includes(me) ?? false}
                onClick={then(() => void toggleReaction(message, emoji))}
              >
                {emoji}
              </button>
            ))}
          </div>
          {confirming.value ? (
            <div class="message-menu-confirm">
              <p>{t("message.confirmDelete")}</p>
              <button type="button" class="button button-danger button-small" onClick={then(() => void deleteText(message))}>
                {t("message.delete")}
              </button>
              <button type="button" class="button button-quiet button-small" onClick={() => (confirming.value = false)}>
                {t("message.cancel")}
              </button>
            </div>
          ) : (
            <>
              <button type="button" class="menu-item" onClick={then(() => startReply(message))}>
                <Icon name="reply" size={18} />
                {t("message.reply")}
              </button>
              {canEdit && (
                <button type="button" class="menu-item" onClick={then(() => startEdit(message))}>
                  {t("message.edit")}
                </button>
              )}
              {canDelete && (
                <button type="button" class="menu-item menu-item-danger" onClick={() => (confirming.value = true)}>
                  {t("message.delete")}
                </button>
              )}
              {canReport && (
                <button
                  type="button"
                  class="menu-item"
                  onClick={then(() => {
                    // The dialog hands focus back to what had it: the menu's toggle, which stays.
                    toggle.current?.focus();
                    openReport(message);
                  })}
                >
                  {t("report.open")}
                </button>
              )}
            </>
          )}
        </div>
      )}
    </div>
  );
}
