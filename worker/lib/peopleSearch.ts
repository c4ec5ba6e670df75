import { and, eq, or, sql } from "drizzle-orm";
import { users, type UserRow } from "../../schema/tables";
import type { Database } from "./db";

/**
 * Active people: exact username first, then usernames starting with the query, then
 * display names containing it. Matched with substr and instr rather than LIKE: D1 refuses
 * LIKE patterns over 50 bytes (a long or Korean query), and nothing needs escaping.
 */
export function findPeople(db: Database, query: string, limit: number): Promise<UserRow[]> {
  const needle = query.toLowerCase();
  const length = [...needle].length;
  const usernameStarts = sql`substr(${users.username}, 1, ${length}) = ${needle}`;
  return db
    .select()
    .from(users)
    .where(and(eq(users.status, "active"), or(usernameStarts, sql`instr(lower(${users.displayName}), ${needle}) > 0`)))
    .orderBy(sql`CASE WHEN ${users.username} = ${needle} THEN 0 WHEN ${usernameStarts} THEN 1 ELSE 2 END`, users.username)
    .limit(limit)
    .all();
}
