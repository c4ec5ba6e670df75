import { signal } from "@preact/signals";
import type { Attachment, Message } from "../../../../schema/messages";
import { t } from "../../i18n";
import type { OutboxEntry } from "../../store/db";
import { discardEntry, uploadProgress } from "../../state/outbox";
import { Icon } from "../Icon";
import { lazyComponent } from "../lazyComponent";
import { fileSize } from "./formatFile";
import { fitBox } from "./imageBox";
import "../../styles/files.css";

// How a file message looks: an image at its own proportions (its box reserved from the
// width and height the server measured), a voice note's player, or a card to download.

const VoicePlayer = lazyComponent(() => import("./VoicePlayer").then((m) => m.VoicePlayer), () => t("app.loading"));

export interface LightboxImage {
  src: string;
  name: string;
  width?: number;
  height?: number;
}

/** The image shown full-screen, if any (RoomView hosts the viewer). */
export const lightboxImage = signal<LightboxImage | null>(null, { name: "lightboxImage" });

// The sender's own small previews, kept after delivery so their image does not blank out
// while the server's copy loads.
const thumbs = new Map<string, string>();

export function AttachmentView({ message }: { message: Message }) {
  const attachment = message.attachment;
  if (!attachment) return null;
  if (message.kind === "image") return <ImageAttachment attachment={attachment} placeholder={thumbs.get(message.client_msg_id ?? "")} />;
  if (message.kind === "voice") {
    return <VoicePlayer uploadId={attachment.upload_id} url={attachment.url} durationMs={attachment.duration_ms} />;
  }
  return <FileCard name={attachment.name} size={attachment.size} url={attachment.url} />;
}

function ImageAttachment({ attachment, placeholder }: { attachment: Attachment; placeholder?: string | undefined }) {
  const box = fitBox(attachment.width, attachment.height);
  return (
    <button
      type="button"
      class="message-image"
      style={{ width: `${box.width}px`, height: `${box.height}px`, ...(placeholder && { backgroundImage: `url("${placeholder}")` }) }}
      aria-label={t("files.openImage", { name: attachment.name })}
      onClick={() => {
        lightboxImage.value = { src: attachment.url, name: attachment.name, width: attachment.width, height: attachment.height };
      }}
    >
      <img src={attachment.url} alt="" width={box.width} height={box.height} decoding="async" />
    </button>
  );
}

export function FileCard({ name, size, url }: { name: string; size: number; url?: string }) {
  return (
    <div class="file-card">
      <span class="file-card-icon">
        <Icon name="file" />
      </span>
      <span class="file-card-text">
        <span class="file-card-name" title={name}>
          {name}
        </span>
        <span class="file-card-size">{fileSize(size)}</span>
      </span>
      {url && (
        <a class="icon-button" href={url} download={name} aria-label={t("files.downloadNamed", { name })} title={t("files.download")}>
          <Icon name="download" />
        </a>
      )}
    </div>
  );
}

/** A file message still on its way: the browser's own preview, and the upload's progress. */
export function PendingAttachmentView({ entry }: { entry: OutboxEntry }) {
  const attachment = entry.attachment;
  if (!attachment) return null;
  if (attachment.thumb) thumbs.set(entry.client_msg_id, attachment.thumb);
  const uploading = !entry.input.upload_id && entry.failure === null;
  const progress = uploadProgress.value.get(entry.client_msg_id);
  const box = fitBox(attachment.width, attachment.height);
  return (
    <div class="pending-attachment">
      {entry.input.kind === "image" && attachment.thumb ? (
        <span class="message-image" style={{ width: `${box.width}px`, height: `${box.height}px` }}>
          <img src={attachment.thumb} alt="" width={box.width} height={box.height} />
        </span>
      ) : entry.input.kind === "voice" ? (
        <p class="file-card">
          <span class="file-card-icon">
            <Icon name="mic" />
          </span>
          <span class="file-card-text">{t("voice.message")}</span>
        </p>
      ) : (
        <FileCard name={attachment.name} size={attachment.size} />
      )}
      {uploading && (
        <div class="upload-status">
          <progress class="upload-progress" max={1} value={progress ?? 0} aria-label={t("files.uploading", { name: attachment.name })} />
          <button
            type="button"
            class="icon-button icon-button-small"
            aria-label={t("files.cancelUpload", { name: attachment.name })}
            onClick={() => void discardEntry(entry.client_msg_id)}
          >
            <Icon name="close" size={16} />
          </button>
        </div>
      )}
    </div>
  );
}
