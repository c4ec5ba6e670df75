import { and, eq, gt, isNull, ne } from "drizzle-orm";
import type { PushLanguage } from "../../schema/push";
import { pushSubscriptions, sessions, type PushSubscriptionRow } from "../../schema/tables";
import type { Database } from "../lib/db";

export interface NewSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
  lang: PushLanguage;
  userId: string;
  sessionId: string;
}

/**
 * Stores a device session's subscription; answers whether it is new. A session holds one:
 * a browser that subscribes again (new keys, new endpoint) replaces its old one, and an
 * endpoint another session held moves to this one, as the browser itself is the same.
 */
export async function saveSubscription(db: Database, input: NewSubscription): Promise<{ row: PushSubscriptionRow; created: boolean }> {
  const now = Date.now();
  const [, rows] = await db.batch([
    db.delete(pushSubscriptions).where(and(eq(pushSubscriptions.sessionId, input.sessionId), ne(pushSubscriptions.endpoint, input.endpoint))),
    db
      .insert(pushSubscriptions)
      .values({ ...input, createdAt: now })
      .onConflictDoUpdate({
        target: pushSubscriptions.endpoint,
        set: { userId: input.userId, sessionId: input.sessionId, p256dh: input.p256dh, auth: input.auth, lang: input.lang },
      })
      .returning(),
  ]);
  const row = rows[0]!;
  return { row, created: row.createdAt === now };
}

/** Removes one of the user's subscriptions; answers whether there was one. */
export async function deleteSubscription(db: Database, userId: string, endpoint: string): Promise<boolean> {
  const result = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.endpoint, endpoint), eq(pushSubscriptions.userId, userId)))
    .run();
  return result.meta.changes > 0;
}

/** The push service answered that the subscription no longer exists. */
export async function forgetEndpoint(db: Database, endpoint: string): Promise<void> {
  await db.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint));
}

/** The user's subscriptions on device sessions that are still signed in. */
export const liveSubscriptions = (db: Database, userId: string, now = Date.now()) =>
  db
    .select({ subscription: pushSubscriptions })
    .from(pushSubscriptions)
    .innerJoin(sessions, eq(sessions.id, pushSubscriptions.sessionId))
    .where(and(eq(pushSubscriptions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .all()
    .then((rows) => rows.map((row) => row.subscription));
