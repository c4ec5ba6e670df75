import { and, desc, eq, ne, or, sql } from "drizzle-orm";
import type { AccountStatus, AdminUser, AdminUserDetail, AdminUserPage } from "../../schema/admin";
import { socketTickets, users, type UserRow } from "../../schema/tables";
import { database, type Database } from "../lib/db";
import { conflict, forbidden, notFound } from "../lib/errors";
import { revokeBlockedSessions } from "../lib/sessions";
import { iso } from "../lib/time";
import { findUserById, toApiUser } from "../lib/users";
import { endAccountSockets } from "../rooms/events";

// Spelled out: drizzle leaves columns unqualified in a one-table select, which would make
// the inner user_id = id compare two columns of sessions.
const lastSeen = sql<number | null>`(SELECT max(s.last_seen_at) FROM sessions s WHERE s.user_id = "users"."id")`;

const toAdminUser = (row: UserRow, lastSeenAt: number | null): AdminUser => ({
  ...toApiUser(row),
  status: row.status,
  last_seen_at: lastSeenAt === null ? null : iso(lastSeenAt),
});

export interface UserQuery {
  q?: string | undefined;
  status?: AccountStatus | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * Accounts matching part of a username or display name, or an exact id; without a query,
 * everyone, newest first. Deleted accounts only when asked for by status.
 */
export async function searchUsers(db: Database, query: UserQuery): Promise<AdminUserPage> {
  const needle = query.q?.toLowerCase() ?? "";
  // substr and instr rather than LIKE, as in people search: D1 refuses LIKE patterns over
  // 50 bytes (a long or Korean query), and nothing needs escaping.
  const match = needle
    ? or(
        eq(users.id, query.q!),
        sql`substr(${users.username}, 1, ${[...needle].length}) = ${needle}`,
        sql`instr(lower(${users.displayName}), ${needle}) > 0`,
      )
    : undefined;
  const offset = Number(query.cursor ?? 0);
  const rows = await db
    .select({ user: users, lastSeen })
    .from(users)
    .where(and(query.status ? eq(users.status, query.status) : ne(users.status, "deleted"), match))
    .orderBy(...(needle ? [users.username] : [desc(users.createdAt), users.id]))
    .limit(query.limit + 1)
    .offset(offset)
    .all();
  const page = rows.slice(0, query.limit);
  return {
    users: page.map((row) => toAdminUser(row.user, row.lastSeen)),
    next_cursor: rows.length > query.limit ? String(offset + query.limit) : null,
  };
}

export async function userDetail(env: Env, userId: string): Promise<AdminUserDetail> {
  const db = database(env.DB);
  const row = await findUserById(db, userId);
  if (!row) throw notFound("user");
  const counts = await env.DB.prepare(
    `SELECT
       (SELECT max(last_seen_at) FROM sessions WHERE user_id = ?1) AS last_seen,
       (SELECT count(*) FROM sessions WHERE user_id = ?1 AND revoked_at IS NULL AND expires_at > ?2) AS live_sessions,
       (SELECT count(*) FROM memberships WHERE user_id = ?1) AS rooms,
       (SELECT coalesce(sum(size), 0) FROM uploads WHERE owner_id = ?1) AS storage_bytes,
       (SELECT count(*) FROM reports WHERE sender_id = ?1 AND status = 'open') AS open_reports`,
  )
    .bind(userId, Date.now())
    .first<{ last_seen: number | null; live_sessions: number; rooms: number; storage_bytes: number; open_reports: number }>();
  return {
    ...toAdminUser(row, counts!.last_seen),
    live_sessions: counts!.live_sessions,
    rooms: counts!.rooms,
    storage_bytes: counts!.storage_bytes,
    open_reports: counts!.open_reports,
  };
}

/** The account an administrator may act on: it exists, is not deleted, and is not their own. */
export async function actionableUser(db: Database, adminId: string, userId: string, verb: string): Promise<UserRow> {
  const row = await findUserById(db, userId);
  if (!row) throw notFound("user");
  if (row.id === adminId) throw forbidden(`You cannot ${verb} your own account.`);
  if (row.status === "deleted") throw conflict("The account is deleted.");
  return row;
}

/**
 * Blocks an account: it cannot sign in again until unblocked. False when it already was.
 * An administrator is blocked only while another stays active: two administrators
 * blocking each other at the same moment cannot leave the instance with none.
 */
export async function markBlocked(db: Database, userId: string): Promise<boolean> {
  const others = sql`(SELECT count(*) FROM ${users} WHERE ${users.isAdmin} = 1 AND ${users.status} = 'active' AND ${users.id} != ${userId})`;
  const changed = await db
    .update(users)
    .set({ status: "blocked" })
    .where(and(eq(users.id, userId), eq(users.status, "active"), or(eq(users.isAdmin, false), sql`${others} > 0`)))
    .returning({ id: users.id });
  if (changed.length > 0) return true;
  if ((await findUserById(db, userId))?.status === "active") {
    throw conflict("The instance needs at least one active administrator: make someone else one first.");
  }
  return false;
}

/**
 * Ends what a blocked account still has: its live sessions (with their push subscriptions),
 * its socket tickets, and every socket it has open, its inbox and each room. Safe to repeat,
 * so a block cut short by a failure here finishes when an administrator blocks again.
 */
export async function endBlockedAccess(env: Env, userId: string): Promise<void> {
  const db = database(env.DB);
  await revokeBlockedSessions(db, userId);
  await db.delete(socketTickets).where(eq(socketTickets.userId, userId));
  await endAccountSockets(env, userId);
}

/** Lets a blocked account sign in again; answers false when it was not blocked. */
export async function unblockAccount(db: Database, userId: string): Promise<boolean> {
  const changed = await db
    .update(users)
    .set({ status: "active" })
    .where(and(eq(users.id, userId), eq(users.status, "blocked")))
    .returning({ id: users.id });
  return changed.length > 0;
}

/**
 * Grants or removes administrator rights; answers whether anything changed. Removing them
 * is refused when it would leave no active administrator, decided inside the one UPDATE so
 * two administrators demoting each other at once cannot both succeed.
 */
export async function setAdmin(db: Database, target: UserRow, isAdmin: boolean): Promise<boolean> {
  if (target.isAdmin === isAdmin) return false;
  if (isAdmin) {
    if (target.status !== "active") throw conflict("Unblock the account before making it an administrator.");
    await db.update(users).set({ isAdmin: true }).where(eq(users.id, target.id));
    return true;
  }
  const others = sql`(SELECT count(*) FROM ${users} WHERE ${users.isAdmin} = 1 AND ${users.status} = 'active' AND ${users.id} != ${target.id})`;
  const changed = await db
    .update(users)
    .set({ isAdmin: false })
    .where(and(eq(users.id, target.id), sql`${others} > 0`))
    .returning({ id: users.id });
  if (changed.length === 0) throw conflict("The instance needs at least one administrator: make someone else one first.");
  return true;
}
