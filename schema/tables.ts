import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Times are stored as milliseconds since the epoch and turned into ISO strings at the API edge.

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    // Stored lower-cased: usernames are case-insensitive and unique.
    username: text("username").notNull().unique(),
    displayName: text("display_name").notNull(),
    bio: text("bio").notNull().default(""),
    avatarUploadId: text("avatar_upload_id"),
    // PHC string: algorithm and parameters travel with each hash so they can be raised later.
    passwordHash: text("password_hash").notNull(),
    isAdmin: integer("is_admin", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: ["active", "blocked", "deleted"] }).notNull().default("active"),
    createdAt: integer("created_at").notNull(),
    // Web Push for new messages: with the text, without it, or none.
    notifications: text("notifications", { enum: ["on", "no_preview", "off"] }).notNull().default("on"),
  },
  (t) => [index("users_display_name_idx").on(sql`lower(${t.displayName})`)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    deviceName: text("device_name").notNull(),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    // Sliding: every refresh pushes it forward.
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [
    index("sessions_user_idx").on(t.userId),
    index("sessions_expires_idx").on(t.expiresAt),
    // Active users for the admin stats: a range scan that never touches the table.
    index("sessions_seen_idx").on(t.lastSeenAt, t.userId),
  ],
);

export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    // SHA-256 of the token; the token itself is never stored.
    tokenHash: text("token_hash").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    // Set when the token is exchanged; presenting it again afterwards is theft.
    rotatedAt: integer("rotated_at"),
  },
  (t) => [index("refresh_tokens_session_idx").on(t.sessionId), index("refresh_tokens_expires_idx").on(t.expiresAt)],
);

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export const rooms = sqliteTable(
  "rooms",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["direct", "group", "channel"] }).notNull(),
    title: text("title").notNull().default(""),
    description: text("description").notNull().default(""),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
    // Set when the last member leaves; an archived room takes no new members or messages.
    archivedAt: integer("archived_at"),
    // "<smaller user id>:<larger user id>" for direct rooms: the unique index makes the
    // pair's room one row, whichever side opens it and however many times at once.
    directKey: text("direct_key").unique(),
    // Written by the room's Durable Object (coalesced), so the room list is one query.
    lastSeq: integer("last_seq").notNull().default(0),
    lastMessage: text("last_message", { mode: "json" }),
    lastActivityAt: integer("last_activity_at").notNull(),
    // A group's or channel's picture: an upload bound to this room.
    avatarUploadId: text("avatar_upload_id"),
  },
  (t) => [index("rooms_activity_idx").on(t.lastActivityAt)],
);

export const memberships = sqliteTable(
  "memberships",
  {
    roomId: text("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "member"] }).notNull(),
    joinedAt: integer("joined_at").notNull(),
    lastReadSeq: integer("last_read_seq").notNull().default(0),
    favorite: integer("favorite", { mode: "boolean" }).notNull().default(false),
    mutedUntil: integer("muted_until"),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const invites = sqliteTable(
  "invites",
  {
    // SHA-256 of the invite token; the token itself is only ever in the link.
    tokenHash: text("token_hash").primaryKey(),
    roomId: text("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    maxUses: integer("max_uses"),
    uses: integer("uses").notNull().default(0),
  },
  (t) => [index("invites_room_idx").on(t.roomId), index("invites_expires_idx").on(t.expiresAt)],
);

export const socketTickets = sqliteTable(
  "socket_tickets",
  {
    ticketHash: text("ticket_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sessionId: text("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("socket_tickets_expires_idx").on(t.expiresAt)],
);

// A file in R2 (under its id, never the user's file name). It belongs to its uploader until a
// message posts it; from then on, members of that room may download it too.
export const uploads = sqliteTable(
  "uploads",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // Set once, by the first message that posts it.
    roomId: text("room_id").references(() => rooms.id, { onDelete: "set null" }),
    postedAt: integer("posted_at"),
    name: text("name").notNull(),
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    width: integer("width"),
    height: integer("height"),
    durationMs: integer("duration_ms"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("uploads_unposted_idx").on(t.postedAt, t.createdAt), index("uploads_owner_idx").on(t.ownerId), index("uploads_room_idx").on(t.roomId)],
);

// A device's Web Push subscription. One per device session: it goes when the session is
// signed out or revoked, and when the push service answers that it no longer exists.
export const pushSubscriptions = sqliteTable(
  "push_subscriptions",
  {
    endpoint: text("endpoint").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sessionId: text("session_id")
      .notNull()
      .unique()
      .references(() => sessions.id, { onDelete: "cascade" }),
    // The browser's P-256 public key and authentication secret, base64url.
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    lang: text("lang", { enum: ["en", "ko"] }).notNull().default("en"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("push_subscriptions_user_idx").on(t.userId)],
);

export type RoomRow = typeof rooms.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type Role = MembershipRow["role"];
export type RoomKind = RoomRow["kind"];
export type UploadRow = typeof uploads.$inferSelect;
export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;

// A member's report of one message. One person reports a message once; the open reports
// on a message are settled together, by one moderator decision.
export const reports = sqliteTable(
  "reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    roomId: text("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    // The message's sender when it was reported: the person a moderator may block.
    senderId: text("sender_id").references(() => users.id, { onDelete: "set null" }),
    reporterId: text("reporter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason", { enum: ["spam", "harassment", "hate", "violence", "sexual", "other"] }).notNull(),
    note: text("note").notNull().default(""),
    status: text("status", { enum: ["open", "resolved"] }).notNull().default("open"),
    resolution: text("resolution", { enum: ["message_deleted", "sender_blocked", "dismissed"] }),
    resolvedBy: text("resolved_by").references(() => users.id, { onDelete: "set null" }),
    resolvedAt: integer("resolved_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("reports_reporter_message_idx").on(t.reporterId, t.roomId, t.seq),
    index("reports_status_idx").on(t.status, t.id),
    index("reports_message_idx").on(t.roomId, t.seq),
  ],
);

// Every administrator action, newest last; never updated or deleted by the app.
export const auditLog = sqliteTable("audit_log", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  actorId: text("actor_id")
    .notNull()
    .references(() => users.id),
  action: text("action", {
    enum: ["user_blocked", "user_unblocked", "user_deleted", "admin_granted", "admin_revoked", "report_message_deleted", "report_sender_blocked", "report_dismissed"],
  }).notNull(),
  targetUserId: text("target_user_id").references(() => users.id),
  reportId: integer("report_id").references(() => reports.id),
  details: text("details", { mode: "json" }).$type<Record<string, string | number | boolean | null>>(),
  createdAt: integer("created_at").notNull(),
});

// Messages per UTC day (days since the epoch), counted by a trigger on rooms.last_seq
// (migration 0004) as each room writes its summary: the stats read one row, not every room.
export const messageDays = sqliteTable("message_days", {
  day: integer("day").primaryKey(),
  messages: integer("messages").notNull().default(0),
});

export type ReportRow = typeof reports.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
