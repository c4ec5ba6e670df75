import { and, asc, desc, eq, gt, lt } from "drizzle-orm";
import type { AdminReport, Report, ReportBody, ReportPage, Resolution, ResolveBody } from "../../schema/admin";
import type { Message } from "../../schema/messages";
import { reports, rooms, type ReportRow, type RoomRow, type UserRow } from "../../schema/tables";
import { database, type Database } from "../lib/db";
import { ApiError, conflict, invalidRequest, notFound, rateLimited } from "../lib/errors";
import { HOUR, iso } from "../lib/time";
import type { RoomRef } from "../room/identity";
import { findMessage, messageContext, moderator } from "../room/moderation";
import type { Membership } from "../rooms/membership";
import { roomObject } from "../rooms/objects";
import { actionableUser, endBlockedAccess, markBlocked } from "./accounts";
import { audit, peopleByIds } from "./audit";

// Enough for anyone reporting in good faith; a flood of reports cannot bury the queue.
export const REPORTS_PER_HOUR = 20;

const toReport = (row: ReportRow): Report => ({
  id: String(row.id),
  room_id: row.roomId,
  seq: row.seq,
  reason: row.reason,
  note: row.note,
  status: row.status,
  created_at: iso(row.createdAt),
});

const refOf = (room: Pick<RoomRow, "id" | "kind">): RoomRef => ({ roomId: room.id, kind: room.kind });

/**
 * A member reports a message of their room. The same person reporting the same message
 * again gets their first report back (created: false), so a retry files nothing new.
 */
export async function fileReport(
  env: Env,
  membership: Membership,
  seq: number,
  body: ReportBody,
): Promise<{ report: Report; created: boolean }> {
  const { room, member } = membership;
  const db = database(env.DB);
  const existing = await findOwnReport(db, member.userId, room.id, seq);
  if (existing) return { report: toReport(existing), created: false };

  const message = await findMessage(roomObject(env, room.id), refOf(room), seq);
  if (!message) throw notFound("message");
  if (message.kind === "system") throw invalidRequest("seq: a system notice cannot be reported", [{ field: "seq", message: "is a system notice" }]);
  if (message.sender_id === member.userId) throw invalidRequest("seq: that is your own message", [{ field: "seq", message: "is your own message" }]);
  if (message.deleted) throw conflict("The message was deleted.");
  await checkReportRate(db, member.userId);

  const now = Date.now();
  const [inserted] = await db
    .insert(reports)
    .values({
      roomId: room.id,
      seq,
      senderId: message.sender_id,
      reporterId: member.userId,
      reason: body.reason,
      note: body.note ?? "",
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { report: toReport(inserted), created: true };
  // A twin request won the race: its report is this one.
  return { report: toReport((await findOwnReport(db, member.userId, room.id, seq))!), created: false };
}

const findOwnReport = (db: Database, reporterId: string, roomId: string, seq: number) =>
  db
    .select()
    .from(reports)
    .where(and(eq(reports.reporterId, reporterId), eq(reports.roomId, roomId), eq(reports.seq, seq)))
    .get();

async function checkReportRate(db: Database, reporterId: string): Promise<void> {
  const since = Date.now() - HOUR;
  const recent = await db
    .select({ createdAt: reports.createdAt })
    .from(reports)
    .where(and(eq(reports.reporterId, reporterId), gt(reports.createdAt, since)))
    .orderBy(asc(reports.createdAt))
    .all();
  if (recent.length < REPORTS_PER_HOUR) return;
  const oldest = recent[recent.length - REPORTS_PER_HOUR]!.createdAt;
  throw rateLimited(Math.max(1, Math.ceil((oldest + HOUR - Date.now()) / 1000)));
}

interface ReportWithRoom {
  report: ReportRow;
  room: Pick<RoomRow, "id" | "kind" | "title">;
}

const withRoom = (db: Database) =>
  db
    .select({ report: reports, room: { id: rooms.id, kind: rooms.kind, title: rooms.title } })
    .from(reports)
    .innerJoin(rooms, eq(rooms.id, reports.roomId));

/** Open reports oldest first (a queue); resolved ones newest first (a history). */
export async function reportPage(
  env: Env,
  query: { status: "open" | "resolved"; cursor?: string | undefined; limit: number },
): Promise<ReportPage> {
  const db = database(env.DB);
  const open = query.status === "open";
  const after = query.cursor === undefined ? undefined : open ? gt(reports.id, Number(query.cursor)) : lt(reports.id, Number(query.cursor));
  const rows = await withRoom(db)
    .where(and(eq(reports.status, query.status), after))
    .orderBy(open ? asc(reports.id) : desc(reports.id))
    .limit(query.limit + 1)
    .all();
  const page = rows.slice(0, query.limit);
  const described = await withContext(env, page);
  const named = described.flatMap((report) => [
    report.reporter_id,
    ...(report.sender_id ? [report.sender_id] : []),
    ...(report.resolved_by ? [report.resolved_by] : []),
    ...report.context.flatMap((message) => (message.sender_id ? [message.sender_id] : [])),
  ]);
  return {
    reports: described,
    people: await peopleByIds(db, named),
    next_cursor: rows.length > query.limit ? String(page[page.length - 1]!.report.id) : null,
  };
}

// Each reported message is read once from its room, however many reports name it.
async function withContext(env: Env, rows: ReportWithRoom[]): Promise<AdminReport[]> {
  const contexts = new Map<string, Promise<Message[]>>();
  for (const { report, room } of rows) {
    const key = `${room.id}\n${report.seq}`;
    if (!contexts.has(key)) contexts.set(key, messageContext(roomObject(env, room.id), refOf(room), report.seq));
  }
  return Promise.all(
    rows.map(async ({ report, room }) => {
      const context = await contexts.get(`${room.id}\n${report.seq}`)!;
      return {
        ...toReport(report),
        room,
        reporter_id: report.reporterId,
        sender_id: report.senderId,
        resolution: report.resolution,
        resolved_by: report.resolvedBy,
        resolved_at: report.resolvedAt === null ? null : iso(report.resolvedAt),
        message: context.find((message) => message.seq === report.seq) ?? null,
        context,
      };
    }),
  );
}

const RESOLUTIONS: Record<ResolveBody["action"], Resolution> = {
  delete_message: "message_deleted",
  block_sender: "sender_blocked",
  dismiss: "dismissed",
};

const AUDITED = {
  message_deleted: "report_message_deleted",
  sender_blocked: "report_sender_blocked",
  dismissed: "report_dismissed",
} as const;

/**
 * Settles a report, and with it every open report on the same message: the message is
 * deleted (a tombstone, as when its sender deletes it), its sender blocked, or nothing done.
 */
export async function resolveReport(env: Env, admin: UserRow, reportId: number, action: ResolveBody["action"]): Promise<AdminReport> {
  const db = database(env.DB);
  const found = await withRoom(db).where(eq(reports.id, reportId)).get();
  if (!found) throw notFound("report");
  const { report, room } = found;
  if (report.status !== "open") throw conflict("The report was already resolved.");

  if (action === "block_sender") {
    if (!report.senderId) throw conflict("The message has no sender to block.");
    await actionableUser(db, admin.id, report.senderId, "block");
  }

  // Claimed before anything is done: of two administrators settling it at once, one acts.
  const resolution = RESOLUTIONS[action];
  const now = Date.now();
  const open = and(eq(reports.roomId, report.roomId), eq(reports.seq, report.seq), eq(reports.status, "open"));
  const settled = await db.update(reports).set({ status: "resolved", resolution, resolvedBy: admin.id, resolvedAt: now }).where(open).returning({ id: reports.id });
  if (!settled.some((row) => row.id === report.id)) throw conflict("The report was already resolved.");
  try {
    if (action === "delete_message") {
      const outcome = await roomObject(env, room.id).remove(refOf(room), moderator(admin.id), report.seq);
      if (!outcome.ok) throw new ApiError(outcome.status, outcome.code, outcome.message);
    } else if (action === "block_sender") {
      await markBlocked(db, report.senderId!);
      await endBlockedAccess(env, report.senderId!);
    }
  } catch (error) {
    // Not done: the reports go back to the queue, to be settled again.
    await db
      .update(reports)
      .set({ status: "open", resolution: null, resolvedBy: null, resolvedAt: null })
      .where(and(eq(reports.roomId, report.roomId), eq(reports.seq, report.seq), eq(reports.resolvedBy, admin.id), eq(reports.resolvedAt, now)));
    throw error;
  }
  await audit(db, {
    actorId: admin.id,
    action: AUDITED[resolution],
    targetUserId: report.senderId,
    reportId: report.id,
    details: { room_id: report.roomId, seq: report.seq, reports_settled: settled.length },
  });
  const [described] = await withContext(env, [{ report: { ...report, status: "resolved", resolution, resolvedBy: admin.id, resolvedAt: now }, room }]);
  return described!;
}
