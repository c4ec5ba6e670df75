import type { Message } from "../../schema/messages";
import { PUSH_TEXT_MAX } from "../../schema/push";
import type { RoomKind } from "../../schema/tables";
import type { PushNotice } from "../inbox/notifications";
import { describeError, log } from "../lib/log";
import { DELETED_USER_NAME } from "../lib/users";
import { inboxObject } from "../rooms/objects";

// The room's half of push notifications: after a batch commits, find the members who should
// hear of it (subscribed, not switched off, not watching this room, not muted unless
// mentioned) and hand each one's inbox a notice. The inbox decides whether and when to push.

// Members are looked up in D1 at most this often per room; a busy room's messages in
// between are handled together. The inboxes hold a room to one push every few seconds anyway.
const LOOKUP_INTERVAL_MS = 1000;
const INBOX_CONCURRENCY = 50;

interface Candidate {
  user_id: string;
  username: string;
  notifications: "on" | "no_preview";
  last_read_seq: number;
  muted_until: number | null;
}

// Only members with a subscription on a signed-in device: most rooms' lookups find nobody
// and end here, with one query.
const CANDIDATES_SQL = `
SELECT m.user_id, u.username, u.notifications, m.last_read_seq, m.muted_until
FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.room_id = ?1 AND u.status = 'active' AND u.notifications != 'off'
  AND EXISTS (SELECT 1 FROM push_subscriptions p JOIN sessions s ON s.id = p.session_id
              WHERE p.user_id = m.user_id AND s.revoked_at IS NULL AND s.expires_at > ?2)`;

export class RoomPush {
  private queued: Message[] = [];
  private draining = false;
  private lastLookupAt = 0;

  constructor(
    private readonly env: Env,
    private readonly ctx: DurableObjectState,
    /** Whether the member has this room open right now. */
    private readonly watching: (userId: string) => boolean,
  ) {}

  /** Messages that just committed. Never awaited: acks and broadcasts have already left. */
  add(messages: readonly Message[]): void {
    for (const message of messages) if (message.sender_id !== null && message.kind !== "system") this.queued.push(message);
    if (this.queued.length === 0 || this.draining) return;
    this.draining = true;
    this.ctx.waitUntil(this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.queued.length > 0) {
        const wait = this.lastLookupAt + LOOKUP_INTERVAL_MS - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.lastLookupAt = Date.now();
        const batch = this.queued;
        this.queued = [];
        await notifyMembers(this.env, batch, this.watching).catch((error: unknown) => log("warn", "push_lookup_failed", describeError(error)));
      }
    } finally {
      this.draining = false;
    }
  }
}

async function notifyMembers(env: Env, messages: Message[], watching: (userId: string) => boolean): Promise<void> {
  const roomId = messages[0]!.room_id;
  const now = Date.now();
  const { results: candidates } = await env.DB.prepare(CANDIDATES_SQL).bind(roomId, now).all<Candidate>();
  const listeners = candidates.filter((candidate) => !watching(candidate.user_id));
  if (listeners.length === 0) return;

  const senderIds = [...new Set(messages.map((message) => message.sender_id!))];
  const [room, senders] = await env.DB.batch<Record<string, unknown>>([
    env.DB.prepare("SELECT kind, title FROM rooms WHERE id = ?1").bind(roomId),
    // One bound parameter, however many people wrote since the last lookup.
    env.DB.prepare("SELECT id, display_name, status FROM users WHERE id IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(senderIds)),
  ]);
  const { kind: roomKind, title } = room!.results[0] as { kind: RoomKind; title: string };
  const names = new Map(
    (senders!.results as { id: string; display_name: string; status: string }[]).map((u) => [u.id, u.status === "deleted" ? DELETED_USER_NAME : u.display_name]),
  );

  const notices: [string, PushNotice][] = [];
  for (const member of listeners) {
    const unseen = messages.filter((message) => message.sender_id !== member.user_id && message.seq > member.last_read_seq);
    if (unseen.length === 0) continue;
    // In a group or channel, naming someone reaches them even where they muted the room.
    const mentioning = roomKind === "direct" ? [] : unseen.filter((message) => mentions(message, member.username));
    const muted = member.muted_until !== null && member.muted_until > now;
    if (muted && mentioning.length === 0) continue;
    const shown = (muted ? mentioning : unseen).at(-1)!;
    const sender = names.get(shown.sender_id!) ?? DELETED_USER_NAME;
    notices.push([
      member.user_id,
      {
        room_id: roomId,
        room_kind: roomKind,
        room_title: roomKind === "direct" ? sender : title,
        seq: shown.seq,
        sender_name: sender,
        kind: shown.kind,
        preview: member.notifications !== "no_preview",
        text: member.notifications === "no_preview" ? null : previewText(shown),
        mentioned: mentioning.length > 0,
      },
    ]);
  }
  for (let i = 0; i < notices.length; i += INBOX_CONCURRENCY) {
    await Promise.all(
      notices.slice(i, i + INBOX_CONCURRENCY).map(([userId, notice]) => inboxObject(env, userId).notify(userId, notice).catch(() => undefined)),
    );
  }
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether the message names `@username`: not inside a longer word or address, and not as
 * the start of a longer username (`@ada` is not in `@ada.l`), but a sentence's full stop may follow.
 */
export function mentions(message: Pick<Message, "text">, username: string): boolean {
  if (!message.text || !username) return false;
  return new RegExp(`(^|[^a-z0-9_.@])@${escapeRegExp(username)}(?![a-z0-9_]|\\.[a-z0-9_])`, "i").test(message.text);
}

function previewText(message: Message): string | null {
  const text = message.kind === "poll" ? (message.poll?.question ?? null) : message.text;
  if (!text) return null;
  const characters = [...text.trim()];
  return characters.length > PUSH_TEXT_MAX ? `${characters.slice(0, PUSH_TEXT_MAX - 1).join("")}…` : characters.join("");
}
