import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { memberships, rooms, users, type MembershipRow, type Role, type RoomRow, type UserRow } from "../../schema/tables";
import { BOUND_PARAMETERS_MAX, slices, type Database } from "../lib/db";

export interface Membership {
  room: RoomRow;
  member: MembershipRow;
}

/** The caller's membership of a live room, or null: callers answer 404 either way. */
export async function findMembership(db: Database, roomId: string, userId: string): Promise<Membership | null> {
  const row = await db
    .select({ room: rooms, member: memberships })
    .from(memberships)
    .innerJoin(rooms, eq(rooms.id, memberships.roomId))
    .where(and(eq(memberships.roomId, roomId), eq(memberships.userId, userId), isNull(rooms.archivedAt)))
    .get();
  return row ?? null;
}

export async function activeUsers(db: Database, ids: string[]): Promise<UserRow[]> {
  const found: UserRow[] = [];
  for (const run of slices(ids, BOUND_PARAMETERS_MAX - 1)) {
    found.push(...(await db.select().from(users).where(and(inArray(users.id, run), eq(users.status, "active"))).all()));
  }
  return found;
}

// Every column of a membership row is bound, defaults included.
const MEMBERSHIP_ROWS_PER_INSERT = Math.floor(BOUND_PARAMETERS_MAX / 7);

export async function createRoom(
  db: Database,
  input: { kind: "group" | "channel"; title: string; description: string; ownerId: string; memberIds: string[] },
): Promise<string> {
  const now = Date.now();
  const id = crypto.randomUUID();
  await db.batch([
    db.insert(rooms).values({
      id,
      kind: input.kind,
      title: input.title,
      description: input.description,
      createdBy: input.ownerId,
      createdAt: now,
      lastActivityAt: now,
    }),
    ...slices(
      [
        { roomId: id, userId: input.ownerId, role: "owner" as const, joinedAt: now },
        ...input.memberIds.map((userId, index) => ({ roomId: id, userId, role: "member" as const, joinedAt: now + index + 1 })),
      ],
      MEMBERSHIP_ROWS_PER_INSERT,
    ).map((rows) => db.insert(memberships).values(rows)),
  ]);
  return id;
}

export const directKey = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);

/**
 * The one direct room of a pair. The unique direct_key settles a race between both sides
 * opening it at once: both inserts run, one row survives, both read it back.
 */
export async function openDirectRoom(d1: D1Database, me: string, other: string): Promise<{ roomId: string; created: boolean }> {
  const key = directKey(me, other);
  const now = Date.now();
  const [inserted] = await d1.batch([
    d1
      .prepare(
        `INSERT INTO rooms (id, kind, title, description, created_by, created_at, last_activity_at, direct_key, last_seq)
         VALUES (?1, 'direct', '', '', ?2, ?3, ?3, ?4, 0) ON CONFLICT (direct_key) DO NOTHING`,
      )
      .bind(crypto.randomUUID(), me, now, key),
    // Both sides are members again, even one who had left: a new message must reach them.
    d1
      .prepare(
        `INSERT INTO memberships (room_id, user_id, role, joined_at, last_read_seq, favorite)
         SELECT r.id, u.id, 'member', ?2, 0, 0 FROM rooms r, (SELECT ?3 AS id UNION ALL SELECT ?4) AS u
         WHERE r.direct_key = ?1 ON CONFLICT DO NOTHING`,
      )
      .bind(key, now, me, other),
    d1.prepare("UPDATE rooms SET archived_at = NULL WHERE direct_key = ?1").bind(key),
  ]);
  const room = await d1.prepare("SELECT id FROM rooms WHERE direct_key = ?1").bind(key).first<{ id: string }>();
  return { roomId: room!.id, created: inserted!.meta.changes === 1 };
}

export async function addMember(db: Database, roomId: string, userId: string, role: Role): Promise<boolean> {
  const result = await db
    .insert(memberships)
    .values({ roomId, userId, role, joinedAt: Date.now() })
    .onConflictDoNothing()
    .run();
  return result.meta.changes === 1;
}

export interface Departure {
  newOwnerId: string | null;
  archived: boolean;
}

/**
 * Ends a membership. An owner's leaving passes ownership to the longest-standing admin,
 * else the longest-standing member; the last member's leaving archives the room.
 */
export async function removeMember(db: Database, membership: Membership): Promise<Departure> {
  const { room, member } = membership;
  await db.delete(memberships).where(and(eq(memberships.roomId, room.id), eq(memberships.userId, member.userId)));
  const remaining = await db
    .select()
    .from(memberships)
    .where(eq(memberships.roomId, room.id))
    .orderBy(sql`CASE ${memberships.role} WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END`, asc(memberships.joinedAt))
    .limit(1)
    .get();
  if (!remaining) {
    await db.update(rooms).set({ archivedAt: Date.now() }).where(eq(rooms.id, room.id));
    return { newOwnerId: null, archived: true };
  }
  if (member.role === "owner" && room.kind !== "direct" && remaining.role !== "owner") {
    await db
      .update(memberships)
      .set({ role: "owner" })
      .where(and(eq(memberships.roomId, room.id), eq(memberships.userId, remaining.userId)));
    return { newOwnerId: remaining.userId, archived: false };
  }
  return { newOwnerId: null, archived: false };
}

export const userRoomIds = async (db: Database, userId: string) =>
  (await db.select({ roomId: memberships.roomId }).from(memberships).where(eq(memberships.userId, userId)).all()).map((r) => r.roomId);
