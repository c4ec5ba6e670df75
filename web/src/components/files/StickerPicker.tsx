import { useEffect, useRef } from "preact/hooks";
import { STICKERS } from "../../../../schema/stickers";
import { t } from "../../i18n";

/** The built-in sticker pack: each a large emoji composition with its label beneath. */
export function StickerPicker({ onPick, onClose }: { onPick(id: string): void; onClose(): void }) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    panel.current?.querySelector<HTMLElement>("button.sticker-choice")?.focus();
  }, []);
  return (
    <div
      ref={panel}
      class="emoji-picker sticker-picker"
      role="dialog"
      aria-label={t("stickers.open")}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div class="emoji-picker-header">
        <p>{t("stickers.open")}</p>
        <button type="button" class="icon-button" aria-label={t("stickers.close")} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <div class="emoji-picker-body sticker-grid">
        {STICKERS.map((sticker) => (
          <button
            key={sticker.id}
            type="button"
            class="sticker-choice"
            aria-label={t("stickers.send", { label: sticker.label })}
            title={sticker.label}
            onClick={() => onPick(sticker.id)}
          >
            <span class="sticker-glyphs" aria-hidden="true">
              {sticker.glyphs}
            </span>
            <span class="sticker-label" aria-hidden="true">
              {sticker.label}
            </span>
          </button>
        ))}
      </div>
    </div>
  );
}
