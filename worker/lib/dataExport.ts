import { and, asc, eq, gt, or } from "drizzle-orm";
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportFile, type ExportMessage, type ExportRoom, type ExportSession } from "../../schema/export";
import type { Message } from "../../schema/messages";
import { memberships, rooms, sessions, uploads, type SessionRow, type UploadRow, type UserRow } from "../../schema/tables";
import { toApiUpload } from "../uploads/files";
import { roomObject } from "../rooms/objects";
import { database } from "./db";
import { iso } from "./time";
import { toApiUser } from "./users";

const FILE_PAGE = 500;

const toExportSession = (row: SessionRow, currentSessionId: string): ExportSession => ({
  id: row.id,
  device_name: row.deviceName,
  created_at: iso(row.createdAt),
  last_seen_at: iso(row.lastSeenAt),
  expires_at: iso(row.expiresAt),
  revoked_at: row.revokedAt === null ? null : iso(row.revokedAt),
  current: row.id === currentSessionId,
});

const toExportFile = (row: UploadRow): ExportFile => ({
  ...toApiUpload(row),
  created_at: iso(row.createdAt),
  posted_at: row.postedAt === null ? null : iso(row.postedAt),
  room_id: row.roomId,
});

// Reactions and poll votes name other people: only what the person themself wrote goes.
const toExportMessage = (message: Message): ExportMessage => ({
  room_id: message.room_id,
  seq: message.seq,
  kind: message.kind,
  text: message.text,
  reply_to: message.reply_to,
  attachment: message.attachment,
  sticker: message.sticker,
  poll: message.poll && {
    question: message.poll.question,
    options: message.poll.options.map((option) => option.text),
    multiple: message.poll.multiple,
    closed: message.poll.closed,
  },
  created_at: message.created_at,
  edited_at: message.edited_at,
  deleted: message.deleted,
});

const list = (items: unknown[]) => items.map((item) => JSON.stringify(item)).join(",");

/**
 * The export as pieces of one JSON document (`{"data": DataExport}`), produced as they are
 * read: files a page at a time from D1, messages a page at a time from each room's Durable
 * Object, so a long history never sits in memory whole.
 */
export async function* exportDocument(env: Env, user: UserRow, currentSessionId: string): AsyncGenerator<string> {
  const db = database(env.DB);
  const head = JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exported_at: iso(Date.now()), profile: toApiUser(user) });
  yield `{"data":${head.slice(0, -1)}`;

  const sessionRows = await db.select().from(sessions).where(eq(sessions.userId, user.id)).orderBy(asc(sessions.createdAt)).all();
  yield `,"sessions":[${list(sessionRows.map((row) => toExportSession(row, currentSessionId)))}]`;

  const held = await db
    .select({ room: rooms, member: memberships })
    .from(memberships)
    .innerJoin(rooms, eq(rooms.id, memberships.roomId))
    .where(eq(memberships.userId, user.id))
    .orderBy(asc(memberships.joinedAt), asc(rooms.id))
    .all();
  const roomList: ExportRoom[] = held.map(({ room, member }) => ({
    id: room.id,
    kind: room.kind,
    title: room.title,
    description: room.description,
    role: member.role,
    joined_at: iso(member.joinedAt),
    last_read_seq: member.lastReadSeq,
    favorite: member.favorite,
    muted_until: member.mutedUntil === null ? null : iso(member.mutedUntil),
  }));
  yield `,"rooms":[${list(roomList)}]`;

  yield `,"files":[`;
  let separator = "";
  let cursor: UploadRow | undefined;
  for (;;) {
    const page = await db
      .select()
      .from(uploads)
      .where(
        and(
          eq(uploads.ownerId, user.id),
          cursor && or(gt(uploads.createdAt, cursor.createdAt), and(eq(uploads.createdAt, cursor.createdAt), gt(uploads.id, cursor.id))),
        ),
      )
      .orderBy(asc(uploads.createdAt), asc(uploads.id))
      .limit(FILE_PAGE)
      .all();
    if (page.length > 0) {
      yield separator + list(page.map(toExportFile));
      separator = ",";
    }
    if (page.length < FILE_PAGE) break;
    cursor = page[page.length - 1];
  }

  yield `],"messages":[`;
  separator = "";
  for (const { room } of held) {
    const stub = roomObject(env, room.id);
    let after: number | null = 0;
    while (after !== null) {
      const page: { messages: Message[]; next: number | null } = await stub.sentBy({ roomId: room.id, kind: room.kind }, user.id, after);
      if (page.messages.length > 0) {
        yield separator + list(page.messages.map(toExportMessage));
        separator = ",";
      }
      after = page.next;
    }
  }
  yield "]}}";
}
