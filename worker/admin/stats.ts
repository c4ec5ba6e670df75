import type { AdminStats } from "../../schema/admin";
import { DAY } from "../lib/time";

/**
 * The instance at a glance, in one query. "Active" means a device session of an account
 * that still exists was used (any signed-in request or token refresh touches it), found
 * through an index on last_seen_at; messages today come from the per-day counter the
 * rooms' summaries keep (message_days), not from asking every room.
 */
export async function adminStats(d1: D1Database, now = Date.now()): Promise<AdminStats> {
  const today = Math.floor(now / DAY);
  const row = await d1
    .prepare(
      `SELECT
         (SELECT count(*) FROM users WHERE status != 'deleted') AS users,
         (SELECT count(*) FROM users WHERE status = 'blocked') AS blocked_users,
         (SELECT count(*) FROM users WHERE status = 'active' AND is_admin = 1) AS admins,
         (SELECT count(DISTINCT s.user_id) FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.last_seen_at >= ?1 AND u.status != 'deleted') AS active_today,
         (SELECT count(DISTINCT s.user_id) FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.last_seen_at >= ?2 AND u.status != 'deleted') AS active_week,
         (SELECT count(*) FROM rooms WHERE archived_at IS NULL) AS rooms,
         coalesce((SELECT messages FROM message_days WHERE day = ?3), 0) AS messages_today,
         (SELECT coalesce(sum(size), 0) FROM uploads) AS storage_bytes,
         (SELECT count(*) FROM reports WHERE status = 'open') AS open_reports`,
    )
    .bind(today * DAY, now - 7 * DAY, today)
    .first<AdminStats>();
  return row!;
}
