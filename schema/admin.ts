import { z } from "zod";
import { User } from "./api";
import { Message } from "./messages";
import { RoomKind } from "./rooms";
import { REPORT_NOTE_MAX } from "./rules";

// Administration and moderation: the /api/admin bodies and answers, and a member's report.

// Messages shown on each side of a reported one in the moderation queue.
export const REPORT_CONTEXT = 3;

const Cursor = z.string().regex(/^\d{1,15}$/, "must be a next_cursor from an earlier page");
const pageLimit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

export const AccountStatus = z.enum(["active", "blocked", "deleted"]);
export type AccountStatus = z.infer<typeof AccountStatus>;

export const AdminStats = z
  .object({
    users: z.number().int().meta({ description: "Accounts that are not deleted, blocked ones included." }),
    blocked_users: z.number().int(),
    admins: z.number().int().meta({ description: "Active administrators." }),
    active_today: z.number().int().meta({ description: "People who used the app since 00:00 UTC." }),
    active_week: z.number().int().meta({ description: "People who used the app in the last 7 days." }),
    rooms: z.number().int().meta({ description: "Rooms that are not archived." }),
    messages_today: z.number().int().meta({ description: "Messages (system notices included) posted since 00:00 UTC." }),
    storage_bytes: z.number().int().meta({ description: "The size of every stored file: attachments and pictures." }),
    open_reports: z.number().int(),
  })
  .meta({ id: "AdminStats" });
export type AdminStats = z.infer<typeof AdminStats>;

export const AdminUser = User.extend({
  status: AccountStatus,
  last_seen_at: z.string().nullable().meta({ description: "The last use of any of the account's device sessions." }),
}).meta({ id: "AdminUser" });
export type AdminUser = z.infer<typeof AdminUser>;

export const AdminUserDetail = AdminUser.extend({
  live_sessions: z.number().int(),
  rooms: z.number().int(),
  storage_bytes: z.number().int(),
  open_reports: z.number().int().meta({ description: "Open reports about this person's messages." }),
}).meta({ id: "AdminUserDetail" });
export type AdminUserDetail = z.infer<typeof AdminUserDetail>;

export const AdminUserQuery = z.strictObject({
  q: z.string().trim().max(64).optional().meta({ description: "Part of a username or display name, or an exact user id. Empty: everyone, newest first." }),
  status: AccountStatus.optional().meta({ description: "Only accounts in this state. Default: all but deleted ones." }),
  cursor: Cursor.optional(),
  limit: pageLimit(100, 25),
});

export const AdminUserPage = z
  .object({ users: z.array(AdminUser), next_cursor: z.string().nullable() })
  .meta({ id: "AdminUserPage" });
export type AdminUserPage = z.infer<typeof AdminUserPage>;

export const SetAdminBody = z.strictObject({ is_admin: z.boolean() }).meta({ id: "SetAdminBody" });
export type SetAdminBody = z.infer<typeof SetAdminBody>;

export const ReportReason = z.enum(["spam", "harassment", "hate", "violence", "sexual", "other"]);
export type ReportReason = z.infer<typeof ReportReason>;

export const ReportBody = z
  .strictObject({
    reason: ReportReason,
    note: z.string().trim().max(REPORT_NOTE_MAX).optional().meta({ description: "What the moderators should know." }),
  })
  .meta({ id: "ReportBody" });
export type ReportBody = z.input<typeof ReportBody>;

export const ReportStatus = z.enum(["open", "resolved"]);
export const Resolution = z.enum(["message_deleted", "sender_blocked", "dismissed"]);
export type Resolution = z.infer<typeof Resolution>;

/** A report as its author sees it. */
export const Report = z
  .object({
    id: z.string(),
    room_id: z.string(),
    seq: z.number().int(),
    reason: ReportReason,
    note: z.string(),
    status: ReportStatus,
    created_at: z.string(),
  })
  .meta({ id: "Report" });
export type Report = z.infer<typeof Report>;

export const AdminReport = Report.extend({
  room: z.object({ id: z.string(), kind: RoomKind, title: z.string() }),
  reporter_id: z.string(),
  sender_id: z.string().nullable(),
  resolution: Resolution.nullable(),
  resolved_by: z.string().nullable(),
  resolved_at: z.string().nullable(),
  message: Message.nullable().meta({ description: "The reported message as it is now (deleted: true once removed)." }),
  context: z.array(Message).meta({ description: `Up to ${REPORT_CONTEXT} messages each side of it, and it, ascending.` }),
}).meta({ id: "AdminReport" });
export type AdminReport = z.infer<typeof AdminReport>;

export const ReportQuery = z.strictObject({
  status: ReportStatus.default("open"),
  cursor: Cursor.optional(),
  limit: pageLimit(50, 20),
});

export const ReportPage = z
  .object({
    reports: z.array(AdminReport).meta({ description: "Open reports oldest first; resolved ones newest first." }),
    people: z.array(User).meta({ description: "Everyone the page names: reporters, senders, moderators." }),
    next_cursor: z.string().nullable(),
  })
  .meta({ id: "ReportPage" });
export type ReportPage = z.infer<typeof ReportPage>;

export const ResolveBody = z
  .strictObject({
    action: z.enum(["delete_message", "block_sender", "dismiss"]),
  })
  .meta({ id: "ResolveReportBody", description: "Settles every open report on the same message." });
export type ResolveBody = z.infer<typeof ResolveBody>;

export const AuditAction = z.enum([
  "user_blocked",
  "user_unblocked",
  "user_deleted",
  "admin_granted",
  "admin_revoked",
  "report_message_deleted",
  "report_sender_blocked",
  "report_dismissed",
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z
  .object({
    id: z.string(),
    action: AuditAction,
    actor_id: z.string(),
    target_user_id: z.string().nullable(),
    report_id: z.string().nullable(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
    created_at: z.string(),
  })
  .meta({ id: "AuditEntry" });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.strictObject({ cursor: Cursor.optional(), limit: pageLimit(100, 50) });

export const AuditPage = z
  .object({ entries: z.array(AuditEntry), people: z.array(User), next_cursor: z.string().nullable() })
  .meta({ id: "AuditPage" });
export type AuditPage = z.infer<typeof AuditPage>;
