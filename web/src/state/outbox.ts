import { computed, signal } from "@preact/signals";
import type { Message, SendInput } from "../../../schema/messages";
import * as api from "../api";
import { ApiError } from "../api";
import { accountStore, type OutboxEntry, type PendingAttachment } from "../store/db";
import { loadOutbox, removeOutboxEntry, saveOutboxEntry } from "../store/outbox";
import { FrameError, sendOverSocket } from "./roomSocket";
import { noteMessage } from "./rooms";
import { accessToken } from "./session";

// Messages leave through here. Each is stored with its client_msg_id before anything else,
// shown as sending, and sent until the server answers: over the open room's socket when
// there is one, else by REST. A retry always reuses the same id, so the server stores it
// once however often it is sent. A room's messages leave one at a time, in order.

export const outbox = signal<readonly OutboxEntry[]>([], { name: "outbox" });

export const outboxByRoom = computed(() => {
  const byRoom = new Map<string, OutboxEntry[]>();
  for (const entry of [...outbox.value].sort((a, b) => a.queued_at - b.queued_at)) {
    const list = byRoom.get(entry.room_id) ?? [];
    list.push(entry);
    byRoom.set(entry.room_id, list);
  }
  return byRoom;
});

/** How far each file of a waiting message has been sent (0–1), by client_msg_id. */
export const uploadProgress = signal<ReadonlyMap<string, number>>(new Map(), { name: "uploadProgress" });
const uploads = new Map<string, AbortController>();

type Listener = (message: Message) => void;
const listeners = new Set<Listener>();

/** Called with each message the server confirmed for this client. */
export function onDelivered(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 60_000;
// Errors a retry will not fix: the message is shown as failed with the server's reason.
const PERMANENT_STATUSES = new Set([400, 403, 404, 409, 413, 415]);
const PERMANENT_FRAME_CODES = new Set(["invalid_request", "forbidden", "not_found", "invalid_frame", "payload_too_large", "conflict"]);

let lastQueuedAt = 0;
let running = false;
const draining = new Set<string>();
const wakers = new Set<() => void>();

export async function startOutbox() {
  running = true;
  const stored = await loadOutbox();
  if (!running) return;
  const known = new Set(outbox.peek().map((entry) => entry.client_msg_id));
  outbox.value = [...outbox.peek(), ...stored.filter((entry) => !known.has(entry.client_msg_id))];
  addEventListener("online", kickOutbox);
  kickOutbox();
}

export function stopOutbox() {
  running = false;
  removeEventListener("online", kickOutbox);
  for (const controller of uploads.values()) controller.abort();
  outbox.value = [];
  wake();
}

/**
 * Queues a message: stored first, then shown as sending, then sent. With an attachment
 * (image, file, voice) its bytes wait in the store and are uploaded first.
 */
export async function queueMessage(roomId: string, input: Omit<SendInput, "client_msg_id">, attachment?: PendingAttachment): Promise<void> {
  lastQueuedAt = Math.max(Date.now(), lastQueuedAt + 1);
  const clientMsgId = crypto.randomUUID();
  const entry: OutboxEntry = {
    client_msg_id: clientMsgId,
    room_id: roomId,
    input: { ...input, client_msg_id: clientMsgId },
    ...(attachment && { attachment }),
    queued_at: lastQueuedAt,
    failure: null,
  };
  await saveOutboxEntry(entry);
  outbox.value = [...outbox.peek(), entry];
  void drain(roomId);
}

export async function retryEntry(clientMsgId: string) {
  const entry = outbox.peek().find((e) => e.client_msg_id === clientMsgId);
  if (!entry) return;
  const next = { ...entry, failure: null };
  await saveOutboxEntry(next);
  replace(next);
  void drain(entry.room_id);
}

export async function discardEntry(clientMsgId: string) {
  // Cancelling a file on its way stops the upload too.
  uploads.get(clientMsgId)?.abort();
  await removeOutboxEntry(clientMsgId);
  outbox.value = outbox.peek().filter((e) => e.client_msg_id !== clientMsgId);
}

/** A message of ours arrived by any path: it is no longer waiting. */
export function settleEntry(message: Message) {
  if (!message.client_msg_id || !outbox.peek().some((e) => e.client_msg_id === message.client_msg_id)) return;
  void removeOutboxEntry(message.client_msg_id);
  outbox.value = outbox.peek().filter((e) => e.client_msg_id !== message.client_msg_id);
}

/** The network, the session or a room socket came back: try now rather than after the backoff. */
export function kickOutbox() {
  wake();
  for (const roomId of outboxByRoom.peek().keys()) void drain(roomId);
}

function wake() {
  for (const waker of [...wakers]) waker();
  wakers.clear();
}

const canSend = () => running && navigator.onLine && accessToken.peek() !== null;

// Tabs take turns per room, so two tabs of one account do not race the same queue.
const withRoomLock = (roomId: string, task: () => Promise<void>) =>
  "locks" in navigator ? navigator.locks.request(`parley-outbox-${roomId}`, task) : task();

async function drain(roomId: string) {
  if (draining.has(roomId)) return;
  draining.add(roomId);
  try {
    await withRoomLock(roomId, async () => {
      let attempt = 0;
      while (canSend()) {
        const next = outboxByRoom.peek().get(roomId)?.find((entry) => entry.failure === null);
        if (!next) return;
        if (!(await stillQueued(next))) continue;
        const ready = next.attachment && !next.input.upload_id ? await upload(next) : next;
        const outcome = ready === "done" || "retryAfterMs" in ready ? ready : await deliver(ready);
        if (outcome === "done") {
          attempt = 0;
          continue;
        }
        const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt++);
        await sleep(Math.max(outcome.retryAfterMs, ceiling / 2 + Math.random() * (ceiling / 2)));
      }
    });
  } finally {
    draining.delete(roomId);
  }
}

// Another tab may have delivered it while this one waited for the lock.
async function stillQueued(entry: OutboxEntry): Promise<boolean> {
  const db = accountStore();
  if (!db) return true;
  try {
    if (await (await db).get("outbox", entry.client_msg_id)) return true;
  } catch {
    return true;
  }
  outbox.value = outbox.peek().filter((e) => e.client_msg_id !== entry.client_msg_id);
  return false;
}

async function deliver(entry: OutboxEntry): Promise<"done" | { retryAfterMs: number }> {
  try {
    const message = await (sendOverSocket(entry.room_id, entry.input) ?? api.sendMessage(entry.room_id, entry.input));
    settleEntry(message);
    noteMessage(message, true);
    for (const listener of listeners) listener(message);
    return "done";
  } catch (error) {
    const reason = permanentFailure(error);
    if (reason === null) return { retryAfterMs: retryAfterOf(error) };
    const failed = { ...entry, failure: reason };
    await saveOutboxEntry(failed);
    replace(failed);
    return "done";
  }
}

// The file goes up first; its id is stored with the entry before the message is sent, so a
// retry (or a reload) sends the same upload rather than uploading it again.
async function upload(entry: OutboxEntry): Promise<OutboxEntry | "done" | { retryAfterMs: number }> {
  const attachment = entry.attachment!;
  const controller = new AbortController();
  uploads.set(entry.client_msg_id, controller);
  setProgress(entry.client_msg_id, 0);
  try {
    const stored = await api.uploadFile(attachment.blob, attachment.name, (fraction) => setProgress(entry.client_msg_id, fraction), controller.signal);
    const current = outbox.peek().find((e) => e.client_msg_id === entry.client_msg_id);
    // Cancelled just as it finished: the unposted upload is purged by the server later.
    if (!current) return "done";
    const next: OutboxEntry = { ...current, input: { ...current.input, upload_id: stored.id } };
    await saveOutboxEntry(next);
    replace(next);
    return next;
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") return "done";
    const reason = permanentFailure(error);
    if (reason === null) return { retryAfterMs: retryAfterOf(error) };
    const failed = { ...entry, failure: reason };
    await saveOutboxEntry(failed);
    replace(failed);
    return "done";
  } finally {
    uploads.delete(entry.client_msg_id);
    setProgress(entry.client_msg_id, null);
  }
}

function setProgress(clientMsgId: string, fraction: number | null) {
  const next = new Map(uploadProgress.peek());
  if (fraction === null) next.delete(clientMsgId);
  else next.set(clientMsgId, fraction);
  uploadProgress.value = next;
}

function permanentFailure(error: unknown): string | null {
  if (error instanceof ApiError && PERMANENT_STATUSES.has(error.status)) return error.message;
  if (error instanceof FrameError && PERMANENT_FRAME_CODES.has(error.code)) return error.message;
  return null;
}

function retryAfterOf(error: unknown): number {
  if (error instanceof ApiError && error.retryAfter !== undefined) return error.retryAfter * 1000;
  if (error instanceof FrameError && error.retryAfterMs !== undefined) return error.retryAfterMs;
  return 0;
}

function replace(entry: OutboxEntry) {
  outbox.value = outbox.peek().map((e) => (e.client_msg_id === entry.client_msg_id ? entry : e));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const waker = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      wakers.delete(waker);
      resolve();
    }, ms);
    wakers.add(waker);
  });
}
