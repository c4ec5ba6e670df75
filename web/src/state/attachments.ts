import { signal } from "@preact/signals";
import { RASTER_IMAGE } from "../components/files/imageBox";
import { t } from "../i18n";
import type { PendingAttachment } from "../store/db";
import { queueMessage } from "./outbox";

// Files chosen for the open room (from the button, a drop or a paste), shown in the
// composer's tray until they are sent or removed. Sending queues one message per file in
// the outbox, which keeps the bytes in the offline store until they are uploaded.

export interface TrayItem {
  id: string;
  file: File;
  /** An object URL for an image's thumbnail in the tray. */
  preview: string | null;
}

export const tray = signal<readonly TrayItem[]>([], { name: "tray" });
/** Why a chosen file was not added, shown under the tray. */
export const trayProblem = signal<string | null>(null, { name: "trayProblem" });
let trayRoom: string | null = null;

// The server's default limit, as in schema/uploads.ts (importing that would bring zod into
// the first download).
const UPLOAD_MAX_BYTES = 25 * 1024 * 1024;

export function addFiles(roomId: string, files: Iterable<File>) {
  if (trayRoom !== roomId) clearTray();
  trayRoom = roomId;
  const added: TrayItem[] = [];
  let problem: string | null = null;
  for (const file of files) {
    // Refused here rather than after a 25 MB upload; the server still decides.
    if (file.size > UPLOAD_MAX_BYTES) {
      problem = t("files.tooLarge", { name: file.name });
      continue;
    }
    added.push({ id: crypto.randomUUID(), file, preview: RASTER_IMAGE.test(file.type) ? URL.createObjectURL(file) : null });
  }
  trayProblem.value = problem;
  if (added.length > 0) tray.value = [...tray.peek(), ...added];
}

export function removeFromTray(id: string) {
  const item = tray.peek().find((i) => i.id === id);
  if (item?.preview) URL.revokeObjectURL(item.preview);
  tray.value = tray.peek().filter((i) => i.id !== id);
}

export function clearTray() {
  for (const item of tray.peek()) if (item.preview) URL.revokeObjectURL(item.preview);
  tray.value = [];
  trayProblem.value = null;
  trayRoom = null;
}

/** Queues each file in the tray as its own message; the caption goes with the first. */
export async function sendTray(roomId: string, caption: string, replyTo: number | null) {
  const items = tray.peek();
  tray.value = [];
  trayProblem.value = null;
  for (const [index, item] of items.entries()) {
    const attachment = await pendingAttachment(item.file, item.file.name);
    if (item.preview) URL.revokeObjectURL(item.preview);
    const kind = attachment.width ? "image" : "file";
    await queueMessage(
      roomId,
      { kind, ...(index === 0 && caption && { text: caption }), ...(index === 0 && replyTo !== null && { reply_to: replyTo }) },
      attachment,
    );
  }
}

/** A recorded voice note, queued like a file. */
export async function sendVoice(roomId: string, blob: Blob, durationMs: number) {
  const extension = blob.type.includes("ogg") ? "ogg" : blob.type.includes("mp4") ? "m4a" : "webm";
  await queueMessage(roomId, { kind: "voice" }, { blob, name: `voice-${new Date().toISOString().replace(/[:.]/g, "-")}.${extension}`, mime: blob.type, size: blob.size, duration_ms: Math.round(durationMs) });
}

async function pendingAttachment(blob: Blob, name: string): Promise<PendingAttachment> {
  const base = { blob, name, mime: blob.type || "application/octet-stream", size: blob.size };
  if (!RASTER_IMAGE.test(blob.type)) return base;
  // The canvas work loads with the first image sent.
  const { imageFacts } = await import("../components/files/images");
  const facts = await imageFacts(blob);
  return facts ? { ...base, ...facts } : base;
}
