import type { Message } from "../../../schema/messages";
import type { OutboxEntry } from "../store/db";
import { dayKey, dayLabel } from "../format";
import { fitBox } from "./files/imageBox";

// The message list's rows: messages and messages still waiting to leave, each marked when
// it continues the same sender's run, and the first of each day carrying that day's label.
// Day labels live in the rows rather than as rows of their own, so every row has a key of
// its own message: the list keeps its place by keys when older rows are added above.

interface RowBase {
  key: string;
  grouped: boolean;
  /** The day's label, on the day's first row. */
  day: string | null;
}

export type Row = (RowBase & { type: "message"; message: Message }) | (RowBase & { type: "pending"; entry: OutboxEntry });

// Messages from one sender within this long read as one run, under one name.
const GROUP_GAP_MS = 5 * 60 * 1000;

export function buildRows(messages: readonly Message[], pending: readonly OutboxEntry[], me: string | null): Row[] {
  const rows: Row[] = [];
  let lastDay: string | null = null;
  let lastSender: string | null = null;
  let lastAt = 0;

  const place = (createdAt: string, sender: string | null, system: boolean) => {
    const key = dayKey(createdAt);
    const day = key === lastDay ? null : dayLabel(createdAt);
    if (day !== null) {
      lastDay = key;
      lastSender = null;
    }
    const at = Date.parse(createdAt);
    const grouped = !system && sender !== null && sender === lastSender && at - lastAt < GROUP_GAP_MS;
    lastSender = system ? null : sender;
    lastAt = at;
    return { day, grouped };
  };

  const delivered = new Set<string>();
  for (const message of messages) {
    const placed = place(message.created_at, message.sender_id, message.kind === "system");
    // A message of ours keeps the key it had while sending, so its row is not rebuilt.
    const ours = message.client_msg_id !== null && message.sender_id === me;
    if (ours) delivered.add(message.client_msg_id!);
    rows.push({ type: "message", key: ours ? `c:${message.client_msg_id}` : `s:${message.seq}`, message, ...placed });
  }
  for (const entry of pending) {
    if (delivered.has(entry.client_msg_id)) continue;
    const placed = place(new Date(entry.queued_at).toISOString(), me, false);
    rows.push({ type: "pending", key: `c:${entry.client_msg_id}`, entry, ...placed });
  }
  return rows;
}

export function estimateRow(row: Row | undefined): number {
  if (!row) return 60;
  const day = row.day === null ? 0 : 40;
  if (row.type === "pending") return day + 56 + attachmentHeight(row.entry.input.kind, row.entry.attachment);
  const text = Math.min(200, Math.floor((row.message.text?.length ?? 0) / 60) * 22);
  return day + (row.grouped ? 44 : 68) + (row.message.poll ? 160 : 0) + text + attachmentHeight(row.message.kind, row.message.attachment ?? undefined);
}

// Images reserve their box from their measured size, so the estimate can be exact.
function attachmentHeight(kind: string, attachment: { width?: number | undefined; height?: number | undefined } | undefined): number {
  if (kind === "image") return fitBox(attachment?.width, attachment?.height).height;
  if (kind === "file" || kind === "voice") return 56;
  if (kind === "sticker") return 60;
  return 0;
}
