import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { pushSubscriptions, refreshTokens, sessions, users, type SessionRow, type UserRow } from "../../schema/tables";
import type { Database } from "./db";
import { DAY } from "./time";
import { hashToken, randomToken } from "./tokens";

// A device session lives while it is used: each refresh pushes its end 30 days out.
export const SESSION_TTL_MS = 30 * DAY;

export interface OpenedSession {
  sessionId: string;
  refreshToken: string;
}

export async function openSession(db: Database, userId: string, deviceName: string): Promise<OpenedSession> {
  const now = Date.now();
  const sessionId = crypto.randomUUID();
  const refreshToken = randomToken();
  await db.batch([
    db.insert(sessions).values({
      id: sessionId,
      userId,
      deviceName,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + SESSION_TTL_MS,
    }),
    db.insert(refreshTokens).values({
      tokenHash: hashToken(refreshToken),
      sessionId,
      createdAt: now,
      expiresAt: now + SESSION_TTL_MS,
    }),
  ]);
  return { sessionId, refreshToken };
}

export type Rotation =
  | { kind: "rotated"; user: UserRow; sessionId: string; refreshToken: string }
  | { kind: "invalid" }
  | { kind: "reused"; userId: string; sessionId: string }
  | { kind: "disabled" };

export async function rotateRefreshToken(db: Database, presented: string): Promise<Rotation> {
  const now = Date.now();
  const tokenHash = hashToken(presented);
  const found = await db
    .select({ token: refreshTokens, session: sessions, user: users })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .get();
  if (!found) return { kind: "invalid" };
  const { token, session, user } = found;
  // First: a blocked account's sessions are revoked, and its tokens still say why.
  if (user.status !== "active" && token.expiresAt > now) return { kind: "disabled" };
  if (session.revokedAt !== null || session.expiresAt <= now || token.expiresAt <= now) return { kind: "invalid" };
  if (token.rotatedAt !== null) {
    await revokeSession(db, session.id);
    return { kind: "reused", userId: user.id, sessionId: session.id };
  }

  // Claiming the token is a conditional write, so of two requests racing with the same
  // token exactly one wins; the loser is treated as a replay.
  const claim = await db
    .update(refreshTokens)
    .set({ rotatedAt: now })
    .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.rotatedAt)))
    .run();
  if (claim.meta.changes !== 1) {
    await revokeSession(db, session.id);
    return { kind: "reused", userId: user.id, sessionId: session.id };
  }

  const refreshToken = randomToken();
  await db.batch([
    db.insert(refreshTokens).values({
      tokenHash: hashToken(refreshToken),
      sessionId: session.id,
      createdAt: now,
      expiresAt: now + SESSION_TTL_MS,
    }),
    db
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt: now + SESSION_TTL_MS })
      .where(eq(sessions.id, session.id)),
  ]);
  return { kind: "rotated", user, sessionId: session.id, refreshToken };
}

// Revoked sessions keep their row (the session list and audits can explain them) but lose
// every refresh token and their device's push subscription, and the auth middleware
// refuses their access tokens at once.
export async function revokeSession(db: Database, sessionId: string): Promise<void> {
  await db.batch([
    db
      .update(sessions)
      .set({ revokedAt: Date.now() })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt))),
    db.delete(refreshTokens).where(eq(refreshTokens.sessionId, sessionId)),
    db.delete(pushSubscriptions).where(eq(pushSubscriptions.sessionId, sessionId)),
  ]);
}

/**
 * Ends every live session of an account being blocked, with its push subscriptions. The
 * refresh tokens stay until they expire, so one presented answers account_disabled rather
 * than a bare 401; the sessions stay revoked, so unblocking does not bring them back.
 */
export async function revokeBlockedSessions(db: Database, userId: string): Promise<string[]> {
  const ended = await db
    .update(sessions)
    .set({ revokedAt: Date.now() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id })
    .all();
  await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.sessionId, db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId))));
  return ended.map((row) => row.id);
}

export type Authentication =
  | { kind: "ok"; user: UserRow; session: SessionRow }
  | { kind: "invalid" }
  | { kind: "disabled" };

export async function authenticateSession(db: Database, userId: string, sessionId: string): Promise<Authentication> {
  const found = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .get();
  if (!found || found.session.revokedAt !== null || found.session.expiresAt <= Date.now()) return { kind: "invalid" };
  if (found.user.status !== "active") return { kind: "disabled" };
  return { kind: "ok", ...found };
}

export async function touchSession(db: Database, sessionId: string, now = Date.now()): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
}

export interface PurgeCounts {
  sessions: number;
  refreshTokens: number;
  socketTickets: number;
  invites: number;
}

// Bounded per run so one cron invocation stays well inside D1's per-invocation limits;
// whatever is left goes on the next run.
export async function purgeExpired(db: Database, now = Date.now(), batch = 500): Promise<PurgeCounts> {
  const tokens = await db.run(
    sql`DELETE FROM refresh_tokens WHERE token_hash IN (SELECT token_hash FROM refresh_tokens WHERE expires_at <= ${now} LIMIT ${batch})`,
  );
  // A revoked session is kept for a week so its owner can still see it was ended.
  const ended = await db.run(
    sql`DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at <= ${now} OR revoked_at <= ${now - 7 * DAY} LIMIT ${batch})`,
  );
  const tickets = await db.run(
    sql`DELETE FROM socket_tickets WHERE ticket_hash IN (SELECT ticket_hash FROM socket_tickets WHERE expires_at <= ${now} LIMIT ${batch})`,
  );
  const invites = await db.run(
    sql`DELETE FROM invites WHERE token_hash IN (SELECT token_hash FROM invites WHERE expires_at <= ${now} LIMIT ${batch})`,
  );
  return {
    sessions: ended.meta.changes,
    refreshTokens: tokens.meta.changes,
    socketTickets: tickets.meta.changes,
    invites: invites.meta.changes,
  };
}
