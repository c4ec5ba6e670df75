import type { Message } from "../../schema/messages";
import type { Room } from "../../schema/rooms";
import type { Role, RoomKind, UserRow } from "../../schema/tables";
import { uploadUrl } from "../../schema/uploads";
import { iso } from "../lib/time";
import { DELETED_USER_NAME, toApiUser } from "../lib/users";

interface RoomListRow {
  id: string;
  kind: RoomKind;
  title: string;
  description: string;
  created_at: number;
  last_seq: number;
  last_message: string | null;
  last_activity_at: number;
  role: Role;
  last_read_seq: number;
  favorite: number;
  muted_until: number | null;
  member_count: number;
  peer_id: string | null;
  peer_username: string | null;
  peer_display_name: string | null;
  peer_bio: string | null;
  peer_avatar_upload_id: string | null;
  avatar_upload_id: string | null;
  peer_is_admin: number | null;
  peer_status: UserRow["status"] | null;
  peer_created_at: number | null;
}

// One query for the whole list: unread counts come from the room's last seq (written by its
// Durable Object) and the member's read cursor, never from counters that could drift.
const LIST_SQL = `
SELECT r.id, r.kind, r.title, r.description, r.created_at, r.last_seq, r.last_message, r.last_activity_at, r.avatar_upload_id,
       m.role, m.last_read_seq, m.favorite, m.muted_until,
       (SELECT count(*) FROM memberships mc WHERE mc.room_id = r.id) AS member_count,
       p.id AS peer_id, p.username AS peer_username, p.display_name AS peer_display_name, p.bio AS peer_bio,
       p.avatar_upload_id AS peer_avatar_upload_id, p.is_admin AS peer_is_admin, p.status AS peer_status,
       p.created_at AS peer_created_at
FROM memberships m
JOIN rooms r ON r.id = m.room_id
LEFT JOIN users p ON r.kind = 'direct'
  AND p.id = CASE WHEN r.direct_key LIKE m.user_id || ':%' THEN substr(r.direct_key, length(m.user_id) + 2)
                  ELSE substr(r.direct_key, 1, instr(r.direct_key, ':') - 1) END
WHERE m.user_id = ?1 AND r.archived_at IS NULL`;

function toRoom(row: RoomListRow): Room {
  const peer =
    row.peer_id === null
      ? null
      : toApiUser({
          id: row.peer_id,
          username: row.peer_username ?? "",
          displayName: row.peer_display_name ?? "",
          bio: row.peer_bio ?? "",
          avatarUploadId: row.peer_avatar_upload_id,
          isAdmin: row.peer_is_admin === 1,
          status: row.peer_status ?? "active",
          createdAt: row.peer_created_at ?? 0,
          passwordHash: "",
        });
  return {
    id: row.id,
    kind: row.kind,
    title: row.kind === "direct" ? (peer?.display_name ?? DELETED_USER_NAME) : row.title,
    description: row.description,
    created_at: iso(row.created_at),
    member_count: row.member_count,
    my_role: row.role,
    last_seq: row.last_seq,
    last_message: row.last_message ? (JSON.parse(row.last_message) as Message) : null,
    unread_count: Math.max(0, row.last_seq - row.last_read_seq),
    last_read_seq: row.last_read_seq,
    favorite: row.favorite === 1,
    muted_until: row.muted_until === null ? null : iso(row.muted_until),
    avatar_url: row.avatar_upload_id === null ? null : uploadUrl(row.avatar_upload_id),
    peer,
  };
}

export async function listRooms(db: D1Database, userId: string): Promise<Room[]> {
  const { results } = await db.prepare(`${LIST_SQL} ORDER BY r.last_activity_at DESC, r.id`).bind(userId).all<RoomListRow>();
  return results.map(toRoom);
}

export async function roomForMember(db: D1Database, userId: string, roomId: string): Promise<Room | null> {
  const row = await db.prepare(`${LIST_SQL} AND r.id = ?2`).bind(userId, roomId).first<RoomListRow>();
  return row ? toRoom(row) : null;
}
