import { useEffect, useRef } from "preact/hooks";
import { t } from "../i18n";

// A compact set rather than the whole Unicode list: what people use most, in a few groups.
const GROUPS: { key: "emoji.smileys" | "emoji.gestures" | "emoji.hearts" | "emoji.things"; emoji: string[] }[] = [
  {
    key: "emoji.smileys",
    emoji: ["😀", "😃", "😄", "😁", "😆", "😅", "🤣", "😂", "🙂", "😉", "😊", "😇", "🥰", "😍", "🤩", "😘", "😋", "😜", "🤪", "🤗", "🤔", "🤨", "😐", "😏", "😒", "🙄", "😬", "😌", "😴", "😷", "🤒", "🥳", "😎", "🤓", "😕", "😟", "😮", "😲", "😳", "🥺", "😢", "😭", "😱", "😤", "😡", "🤯"],
  },
  {
    key: "emoji.gestures",
    emoji: ["👍", "👎", "👌", "✌️", "🤞", "🤝", "👏", "🙌", "👋", "🙏", "💪", "👀", "🤷", "🤦", "🙋", "💃"],
  },
  { key: "emoji.hearts", emoji: ["❤️", "🧡", "💛", "💚", "💙", "💜", "🖤", "🤍", "💔", "💕", "💖", "✨", "🔥", "⭐", "🌈", "☀️"] },
  { key: "emoji.things", emoji: ["🎉", "🎂", "🎁", "☕", "🍕", "🍺", "⚽", "🎵", "📷", "💡", "📌", "✅", "❌", "⚠️", "💯", "🚀"] },
];

interface EmojiPickerProps {
  onPick(emoji: string): void;
  onClose(): void;
}

export function EmojiPicker({ onPick, onClose }: EmojiPickerProps) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    panel.current?.querySelector<HTMLElement>("button")?.focus();
  }, []);
  return (
    <div
      ref={panel}
      class="emoji-picker"
      role="dialog"
      aria-label={t("composer.emoji")}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div class="emoji-picker-header">
        <p>{t("composer.emoji")}</p>
        <button type="button" class="icon-button" aria-label={t("emoji.close")} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <div class="emoji-picker-body">
        {GROUPS.map((group) => (
          <section key={group.key} aria-label={t(group.key)}>
            <h3>{t(group.key)}</h3>
            <div class="emoji-grid">
              {group.emoji.map((emoji) => (
                <button key={emoji} type="button" class="emoji-button" onClick={() => onPick(emoji)}>
                  {emoji}
                </button>
              ))}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
