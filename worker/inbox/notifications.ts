import type { PushPayload } from "../../schema/push";
import type { Room } from "../../schema/rooms";
import { database } from "../lib/db";
import { listRooms } from "../rooms/roomList";
import { pushTopic, sendPush } from "../push/send";
import { forgetEndpoint, liveSubscriptions } from "../push/subscriptions";
import { vapidFrom } from "../push/vapid";

// The inbox's half of push notifications, for a user with no live socket. Coalesced per
// room: the first message of a quiet room is pushed at once; what follows within
// PUSH_INTERVAL_MS waits and leaves as one push, the newest, when the interval is over. Every
// push of a room carries the same tag (the service worker replaces the shown notification)
// and the same topic (the push service keeps only the newest one waiting for the device).

/** What a room tells the inbox; the inbox adds the unread total and each device's language. */
export type PushNotice = Omit<PushPayload, "type" | "unread_total" | "lang">;

export const PUSH_INTERVAL_MS = 5_000;
// A message nobody could deliver within a day is stale news.
const TTL_SECONDS = 24 * 60 * 60;
const STATE_KEY = "push";

interface RoomPushState {
  sentAt: number;
  pending: PushNotice | null;
}

interface PushState {
  userId: string;
  rooms: Record<string, RoomPushState>;
}

export class PushQueue {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
  ) {}

  /** A notice for a member with no live socket: pushed now, or held for the room's interval. */
  async add(userId: string, notice: PushNotice): Promise<void> {
    const now = Date.now();
    const state = (await this.ctx.storage.get<PushState>(STATE_KEY)) ?? { userId, rooms: {} };
    const room = state.rooms[notice.room_id];
    if (room && now - room.sentAt < PUSH_INTERVAL_MS) {
      const newest = room.pending && room.pending.seq > notice.seq ? room.pending : notice;
      room.pending = { ...newest, mentioned: notice.mentioned || !!room.pending?.mentioned };
      await this.save(state, now);
      return;
    }
    state.rooms[notice.room_id] = { sentAt: now, pending: null };
    await this.save(state, now);
    await deliver(this.env, userId, [notice]);
  }

  /** The alarm: held notices whose interval is over leave now, unless the user came online. */
  async due(online: boolean): Promise<void> {
    const state = await this.ctx.storage.get<PushState>(STATE_KEY);
    if (!state) return;
    const now = Date.now();
    const ready: PushNotice[] = [];
    for (const room of Object.values(state.rooms)) {
      if (!room.pending || now - room.sentAt < PUSH_INTERVAL_MS) continue;
      if (!online) ready.push(room.pending);
      room.pending = null;
      room.sentAt = now;
    }
    await this.save(state, now);
    if (ready.length > 0) await deliver(this.env, state.userId, ready);
  }

  // Rooms quiet for a whole interval are forgotten; the alarm wakes for the earliest held one.
  private async save(state: PushState, now: number): Promise<void> {
    let wake = Number.POSITIVE_INFINITY;
    for (const [roomId, room] of Object.entries(state.rooms)) {
      if (room.pending) wake = Math.min(wake, room.sentAt + PUSH_INTERVAL_MS);
      else if (now - room.sentAt >= PUSH_INTERVAL_MS) delete state.rooms[roomId];
    }
    await this.ctx.storage.put(STATE_KEY, state);
    if (Number.isFinite(wake)) await this.ctx.storage.setAlarm(wake);
  }
}

async function deliver(env: Env, userId: string, notices: PushNotice[]): Promise<void> {
  const vapid = await vapidFrom(env);
  if (!vapid) return;
  const db = database(env.DB);
  const [subscriptions, rooms] = await Promise.all([liveSubscriptions(db, userId), listRooms(env.DB, userId)]);
  if (subscriptions.length === 0) return;
  const byId = new Map(rooms.map((room) => [room.id, room]));
  // Read meanwhile (through the API, say), or left: nothing to tell.
  const fresh = notices.filter((notice) => {
    const room = byId.get(notice.room_id);
    return room !== undefined && room.last_read_seq < notice.seq;
  });
  if (fresh.length === 0) return;
  const unreadTotal = totalUnread(rooms, fresh);
  await Promise.all(
    subscriptions.flatMap((subscription) =>
      fresh.map(async (notice) => {
        const payload: PushPayload = { type: "message", ...notice, unread_total: unreadTotal, lang: subscription.lang };
        const options = {
          topic: pushTopic(notice.room_id),
          urgency: notice.mentioned || notice.room_kind === "direct" ? "high" : "normal",
          ttlSeconds: TTL_SECONDS,
        } as const;
        if ((await sendPush(vapid, subscription, JSON.stringify(payload), options)) === "gone") await forgetEndpoint(db, subscription.endpoint);
      }),
    ),
  );
}

// The room list's last_seq trails a busy room slightly; the notices know the newest seq.
function totalUnread(rooms: Room[], notices: PushNotice[]): number {
  const newest = new Map(notices.map((notice) => [notice.room_id, notice.seq]));
  return rooms.reduce((sum, room) => sum + Math.max(room.unread_count, (newest.get(room.id) ?? 0) - room.last_read_seq), 0);
}
