import { useEffect, useRef } from "preact/hooks";
import { t } from "../../i18n";
import type { LightboxImage } from "./Attachment";

/**
 * An image full-screen, in a modal <dialog>: the browser keeps focus inside it, Escape
 * closes it, and focus returns to the image that opened it.
 */
export function Lightbox({ image, onClose }: { image: LightboxImage; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    element?.querySelector<HTMLButtonElement>(".lightbox-close")?.focus();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="lightbox"
      aria-label={t("files.viewer")}
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop (the dialog itself, not the picture) closes it.
        if (event.target === event.currentTarget) dialog.current?.close();
      }}
    >
      <img src={image.src} alt={image.name} width={image.width} height={image.height} />
      <div class="lightbox-bar">
        <span class="lightbox-name">{image.name}</span>
        <a class="button button-quiet button-small" href={image.src} download={image.name}>
          {t("files.download")}
        </a>
        <button type="button" class="button button-small lightbox-close" onClick={() => dialog.current?.close()}>
          {t("files.close")}
        </button>
      </div>
    </dialog>
  );
}
