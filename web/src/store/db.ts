import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { User } from "../../../schema/api";
import type { Message, SendInput } from "../../../schema/messages";
import type { Room } from "../../../schema/rooms";

// The offline store: one IndexedDB database per account, so signing out can drop it whole
// and two accounts on one browser never see each other's messages.

/** A file waiting to be uploaded for an image, file or voice message. */
export interface PendingAttachment {
  /** The bytes, kept here (IndexedDB stores Blobs) until the message is delivered. */
  blob: Blob;
  name: string;
  mime: string;
  size: number;
  width?: number;
  height?: number;
  duration_ms?: number;
  /** A small preview drawn in the browser (a data: URL), shown while it uploads. */
  thumb?: string;
}

/** A message the person wrote that the server has not confirmed yet. */
export interface OutboxEntry {
  client_msg_id: string;
  room_id: string;
  /** For a file message: `input.upload_id` is set once the upload is done, so a retry never uploads twice. */
  input: SendInput;
  attachment?: PendingAttachment;
  /** Orders the queue: a room's messages leave in the order they were written. */
  queued_at: number;
  /** Set when the server refused it for a reason a retry will not fix. */
  failure: string | null;
}

export interface Draft {
  room_id: string;
  text: string;
}

export interface ParleyDB extends DBSchema {
  rooms: { key: string; value: Room };
  messages: { key: [string, number]; value: Message };
  outbox: { key: string; value: OutboxEntry };
  drafts: { key: string; value: Draft };
  users: { key: string; value: User };
}

export type AccountDB = IDBPDatabase<ParleyDB>;

const VERSION = 1;
const nameFor = (userId: string) => `parley-${userId}`;

let current: { userId: string; db: Promise<AccountDB> } | null = null;

export function openAccountStore(userId: string): Promise<AccountDB> {
  if (current?.userId === userId) return current.db;
  closeAccountStore();
  const db = openDB<ParleyDB>(nameFor(userId), VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore("rooms", { keyPath: "id" });
        database.createObjectStore("messages", { keyPath: ["room_id", "seq"] });
        database.createObjectStore("outbox", { keyPath: "client_msg_id" });
        database.createObjectStore("drafts", { keyPath: "room_id" });
        database.createObjectStore("users", { keyPath: "id" });
      }
    },
    // Another tab is deleting this account's data (it signed out) or upgrading the schema:
    // let go, or it waits on us forever.
    blocking() {
      void db.then((opened) => opened.close());
      if (current?.db === db) current = null;
    },
  });
  current = { userId, db };
  return db;
}

/** The signed-in account's database; null once signed out. */
export const accountStore = (): Promise<AccountDB> | null => current?.db ?? null;

export function closeAccountStore() {
  if (!current) return;
  void current.db.then((db) => db.close(), () => undefined);
  current = null;
}

/** Drops everything this browser keeps for the account: rooms, messages, the outbox, drafts. */
export async function deleteAccountStore(userId: string): Promise<void> {
  if (current?.userId === userId) closeAccountStore();
  await deleteDB(nameFor(userId));
}

/**
 * Runs a store operation if an account is open. Storage can fail (quota, private mode, a
 * database deleted by another tab); the app then works from memory and the network.
 */
export async function withStore<T>(task: (db: AccountDB) => Promise<T>, fallback: T): Promise<T> {
  const db = accountStore();
  if (!db) return fallback;
  try {
    return await task(await db);
  } catch {
    return fallback;
  }
}
