import { desc, inArray, lt } from "drizzle-orm";
import type { User } from "../../schema/api";
import type { AuditAction, AuditEntry, AuditPage } from "../../schema/admin";
import { auditLog, users, type AuditRow } from "../../schema/tables";
import type { Database } from "../lib/db";
import { iso } from "../lib/time";
import { toApiUser } from "../lib/users";

// D1 binds at most 100 parameters per statement.
const IDS_PER_QUERY = 90;

export interface AuditRecord {
  actorId: string;
  action: AuditAction;
  targetUserId?: string | null;
  reportId?: number | null;
  // Ids and states only: a username would outlive the account's deletion here.
  details?: AuditRow["details"];
}

export async function audit(db: Database, record: AuditRecord): Promise<void> {
  await db.insert(auditLog).values({
    actorId: record.actorId,
    action: record.action,
    targetUserId: record.targetUserId ?? null,
    reportId: record.reportId ?? null,
    details: record.details ?? null,
    createdAt: Date.now(),
  });
}

const toAuditEntry = (row: AuditRow): AuditEntry => ({
  id: String(row.id),
  action: row.action,
  actor_id: row.actorId,
  target_user_id: row.targetUserId,
  report_id: row.reportId === null ? null : String(row.reportId),
  details: row.details,
  created_at: iso(row.createdAt),
});

/** Newest first; `cursor` is the next_cursor of the page before. */
export async function auditPage(db: Database, cursor: string | undefined, limit: number): Promise<AuditPage> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(cursor === undefined ? undefined : lt(auditLog.id, Number(cursor)))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  const ids = page.flatMap((row) => (row.targetUserId ? [row.actorId, row.targetUserId] : [row.actorId]));
  return {
    entries: page.map(toAuditEntry),
    people: await peopleByIds(db, ids),
    next_cursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
  };
}

/** The profiles a page names, each once; deleted accounts read "Deleted User". */
export async function peopleByIds(db: Database, ids: string[]): Promise<User[]> {
  const unique = [...new Set(ids)];
  const found: User[] = [];
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
    const rows = await db.select().from(users).where(inArray(users.id, unique.slice(i, i + IDS_PER_QUERY))).all();
    found.push(...rows.map(toApiUser));
  }
  return found;
}
