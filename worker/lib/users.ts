import { eq, sql } from "drizzle-orm";
import type { Me, User } from "../../schema/api";
import { users, type UserRow } from "../../schema/tables";
import type { Database } from "./db";
import { conflict } from "./errors";
import { iso } from "./time";

export const DELETED_USER_NAME = "Deleted User";

// A deleted account keeps its id, so its messages still name their sender, but nothing
// that identified the person: the username went back to the pool, and the profile is gone
// even where the row itself was not erased (an account deleted before erasure existed).
// A profile as others see it: never the owner's own settings.
export type ProfileRow = Omit<UserRow, "notifications">;

export const toApiUser = (row: ProfileRow): User =>
  row.status === "deleted"
    ? {
        id: row.id,
        username: "",
        display_name: DELETED_USER_NAME,
        avatar_url: null,
        bio: "",
        is_admin: false,
        created_at: iso(row.createdAt),
      }
    : {
        id: row.id,
        username: row.username,
        display_name: row.displayName,
        avatar_url: row.avatarUploadId ? `/api/uploads/${row.avatarUploadId}` : null,
        bio: row.bio,
        is_admin: row.isAdmin,
        created_at: iso(row.createdAt),
      };

/** The signed-in person's own view of themself: the profile and their settings. */
export const toMe = (row: UserRow): Me => ({ ...toApiUser(row), notifications: row.notifications });

export const findUserByUsername = (db: Database, username: string) =>
  db.select().from(users).where(eq(users.username, username)).get();

export const findUserById = (db: Database, id: string) => db.select().from(users).where(eq(users.id, id)).get();

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
}

export async function createUser(db: Database, input: NewUser): Promise<UserRow> {
  try {
    const [row] = await db
      .insert(users)
      .values({
        id: crypto.randomUUID(),
        username: input.username,
        displayName: input.displayName,
        passwordHash: input.passwordHash,
        // Decided inside the insert itself, so two sign-ups racing on an empty
        // instance cannot both become administrators.
        isAdmin: sql`NOT EXISTS (SELECT 1 FROM ${users})`,
        createdAt: Date.now(),
      })
      .returning();
    return row!;
  } catch (error) {
    if (isUniqueViolation(error)) throw usernameTaken();
    throw error;
  }
}

export const usernameTaken = () =>
  conflict("That username is taken.", [{ field: "username", message: "is taken" }]);

const isUniqueViolation = (error: unknown): boolean => {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
  return text.includes("UNIQUE constraint failed");
};
