import { and, eq, inArray, isNull } from "drizzle-orm";
import { memberships, pushSubscriptions, refreshTokens, rooms, sessions, socketTickets, users } from "../../schema/tables";
import { endMembership } from "../rooms/departure";
import { endSessionSockets } from "../rooms/events";
import { database } from "./db";
import { DELETED_USER_NAME } from "./users";

// Rooms left within the deleting request. Each departure costs a handful of D1 queries and
// Durable Object calls, and an invocation may make 1,000; the hourly maintenance finishes
// the rooms of anyone who belonged to more.
export const ROOMS_LEFT_PER_REQUEST = 100;

// Valid usernames are a-z, 0-9, _ and . only, and sign-in refuses more than 32 characters:
// this can neither be registered nor typed at sign-in, and the random part keeps it unique.
const placeholderUsername = () => `deleted:${crypto.randomUUID()}`;
// Not a PHC string, so no password ever verifies against it.
const NO_PASSWORD = "!deleted";

/**
 * Deletes an account: the profile is erased and the username freed at once, every device
 * session and socket ends, and the person leaves each room as if they had left it
 * themselves. Their messages stay, under an id that now reads "Deleted User".
 */
export async function deleteAccount(env: Env, userId: string): Promise<void> {
  const db = database(env.DB);
  const live = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .all();
  const sessionIds = live.map((session) => session.id);
  await db.batch([
    db
      .update(users)
      .set({
        status: "deleted",
        username: placeholderUsername(),
        displayName: DELETED_USER_NAME,
        bio: "",
        avatarUploadId: null,
        passwordHash: NO_PASSWORD,
        isAdmin: false,
      })
      .where(eq(users.id, userId)),
    db.update(sessions).set({ revokedAt: Date.now() }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt))),
    db.delete(refreshTokens).where(inArray(refreshTokens.sessionId, db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId)))),
    db.delete(socketTickets).where(eq(socketTickets.userId, userId)),
    db.delete(pushSubscriptions).where(eq(pushSubscriptions.userId, userId)),
  ]);
  // Before the memberships go: the room sockets to close are found through them.
  for (const sessionId of sessionIds) await endSessionSockets(env, userId, sessionId);
  await leaveRooms(env, userId, ROOMS_LEFT_PER_REQUEST);
}

/** Ends up to `limit` of the person's memberships, as their own leaving; answers how many. */
async function leaveRooms(env: Env, userId: string, limit: number): Promise<number> {
  const held = await database(env.DB)
    .select({ room: rooms, member: memberships })
    .from(memberships)
    .innerJoin(rooms, eq(rooms.id, memberships.roomId))
    .where(eq(memberships.userId, userId))
    .limit(limit)
    .all();
  for (const membership of held) await endMembership(env, membership, userId);
  return held.length;
}

/** Maintenance: the rooms deleted accounts still belong to, `limit` departures per run. */
export async function finishAccountDeletions(env: Env, limit = ROOMS_LEFT_PER_REQUEST): Promise<number> {
  const pending = await database(env.DB)
    .selectDistinct({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(users.status, "deleted"))
    .limit(limit)
    .all();
  let left = 0;
  for (const { userId } of pending) {
    if (left >= limit) break;
    left += await leaveRooms(env, userId, limit - left);
  }
  return left;
}
