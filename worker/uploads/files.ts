import { and, eq, inArray, isNull, lt, or } from "drizzle-orm";
import type { Attachment, MessageKind } from "../../schema/messages";
import { rooms, uploads, users, type UploadRow } from "../../schema/tables";
import { UNPOSTED_UPLOAD_TTL_MS, uploadUrl, type Upload } from "../../schema/uploads";
import type { Database } from "../lib/db";
import { findMembership } from "../rooms/membership";

// Who may see an upload, posting it into a room, and forgetting it: the rules of files,
// apart from the bytes (store.ts) and the HTTP around them (routes/uploads.ts).

export const toApiUpload = (row: UploadRow): Upload => ({
  id: row.id,
  name: row.name,
  mime: row.mime,
  size: row.size,
  ...(row.width !== null && { width: row.width }),
  ...(row.height !== null && { height: row.height }),
  ...(row.durationMs !== null && { duration_ms: row.durationMs }),
  url: uploadUrl(row.id),
});

export const toAttachment = (row: UploadRow): Attachment => {
  const { id, ...rest } = toApiUpload(row);
  return { upload_id: id, ...rest };
};

/**
 * The uploader, and current members of the room it was posted in; a person's avatar, to
 * anyone signed in (people search shows it). Nobody else.
 */
export async function readableUpload(db: Database, id: string, userId: string): Promise<UploadRow | null> {
  const row = await db.select().from(uploads).where(eq(uploads.id, id)).get();
  if (!row) return null;
  if (row.ownerId === userId) return row;
  if (row.roomId !== null && (await findMembership(db, row.roomId, userId))) return row;
  if (row.roomId === null && row.postedAt !== null && (await db.select({ id: users.id }).from(users).where(eq(users.avatarUploadId, id)).get())) {
    return row;
  }
  return null;
}

const RASTER = /^image\/(jpeg|png|gif|webp|avif)$/;

/**
 * Makes the caller's own, never-posted image their avatar, or (with `roomId`) the picture
 * of a group or channel, bound to that room so its members may see it.
 */
export async function claimPicture(db: Database, id: string, userId: string, roomId: string | null): Promise<{ ok: true } | { ok: false; message: string }> {
  const own = await db.select().from(uploads).where(and(eq(uploads.id, id), eq(uploads.ownerId, userId), isNull(uploads.postedAt))).get();
  if (!own) return { ok: false, message: "no unposted upload with that id belongs to you" };
  if (!RASTER.test(own.mime)) return { ok: false, message: "must be a JPEG, PNG, GIF, WebP or AVIF image" };
  const claimed = await db
    .update(uploads)
    .set({ postedAt: Date.now(), roomId })
    .where(and(eq(uploads.id, id), isNull(uploads.postedAt)))
    .returning({ id: uploads.id })
    .get();
  return claimed ? { ok: true } : { ok: false, message: "no unposted upload with that id belongs to you" };
}

/** The picture a room or person had before, once it is replaced: nothing refers to it any more. */
export async function dropPicture(db: Database, bucket: R2Bucket, id: string | null, replacement: string | null | undefined) {
  if (id === null || replacement === undefined || id === replacement) return;
  const stillUsed =
    (await db.select({ id: users.id }).from(users).where(eq(users.avatarUploadId, id)).get()) ??
    (await db.select({ id: rooms.id }).from(rooms).where(eq(rooms.avatarUploadId, id)).get());
  if (!stillUsed) await forgetUpload(db, bucket, id);
}

const KIND_ACCEPTS: Partial<Record<MessageKind, (mime: string) => boolean>> = {
  image: (mime) => RASTER.test(mime),
  voice: (mime) => mime.startsWith("audio/"),
  file: () => true,
};

export type ClaimResult = { ok: true; attachment: Attachment } | { ok: false; message: string };

/**
 * Binds the sender's own upload to the room it is posted in. Posting it again in the same
 * room (a retried send) is allowed; another person's upload, or one already posted in
 * another room, is not.
 */
export async function claimUpload(db: Database, id: string, userId: string, roomId: string, kind: MessageKind): Promise<ClaimResult> {
  const own = await db.select().from(uploads).where(and(eq(uploads.id, id), eq(uploads.ownerId, userId))).get();
  if (!own || (own.roomId !== null && own.roomId !== roomId)) return { ok: false, message: "no upload with that id belongs to you" };
  if (!KIND_ACCEPTS[kind]?.(own.mime)) return { ok: false, message: `a ${own.mime} file cannot be sent as a ${kind} message` };
  const row = await db
    .update(uploads)
    .set({ roomId, postedAt: own.postedAt ?? Date.now() })
    .where(and(eq(uploads.id, id), eq(uploads.ownerId, userId), or(isNull(uploads.roomId), eq(uploads.roomId, roomId))))
    .returning()
    .get();
  // Posted elsewhere between the two statements by a concurrent send.
  if (!row) return { ok: false, message: "no upload with that id belongs to you" };
  return { ok: true, attachment: toAttachment(row) };
}

/** Deletes an upload's row and bytes (a deleted message, or one never posted). */
export async function forgetUpload(db: Database, bucket: R2Bucket, id: string): Promise<void> {
  await bucket.delete(id);
  await db.delete(uploads).where(eq(uploads.id, id));
}

/** Uploads nobody posted before `cutoff`, oldest first, at most `limit` of them. */
const unpostedBefore = (db: Database, cutoff: number, limit: number) =>
  db
    .select({ id: uploads.id })
    .from(uploads)
    .where(and(isNull(uploads.postedAt), lt(uploads.createdAt, cutoff)))
    .orderBy(uploads.createdAt)
    .limit(limit)
    .all();

// Per run, so one run stays well inside a cron invocation's limits; the next run goes on.
// One bound parameter per id, within D1's limit.
const PURGE_BATCH = 90;

/** Deletes uploads nobody posted within a day. Answers how many went. */
export async function purgeUnpostedUploads(db: Database, bucket: R2Bucket, now: number): Promise<number> {
  const stale = await unpostedBefore(db, now - UNPOSTED_UPLOAD_TTL_MS, PURGE_BATCH);
  if (stale.length === 0) return 0;
  // Rows first, and only those still unposted: a send claiming one meanwhile keeps its file.
  const gone = await db
    .delete(uploads)
    .where(and(inArray(uploads.id, stale.map((row) => row.id)), isNull(uploads.postedAt)))
    .returning()
    .all();
  if (gone.length === 0) return 0;
  try {
    await bucket.delete(gone.map((row) => row.id));
  } catch (error) {
    // The files are still in the bucket: their rows go back, so the next run tries again
    // instead of leaving files that nothing points to.
    const [first, ...rest] = gone.map((row) => db.insert(uploads).values(row).onConflictDoNothing());
    await db.batch([first!, ...rest]);
    throw error;
  }
  return gone.length;
}
