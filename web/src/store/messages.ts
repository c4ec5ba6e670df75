import type { Message } from "../../../schema/messages";
import { withStore } from "./db";

// Cached history. Seqs have no gaps, so a cached run is usable exactly when its seqs are
// consecutive: anything else means a stretch was never fetched.

export const saveMessages = (messages: readonly Message[]) =>
  withStore(async (db) => {
    if (messages.length === 0) return;
    const tx = db.transaction("messages", "readwrite");
    await Promise.all([...messages.map((message) => tx.store.put(message)), tx.done]);
  }, undefined);

/** The newest cached messages of a room, oldest first, up to the first gap. */
export const cachedLatest = (roomId: string, limit: number) =>
  withStore(async (db) => {
    // Two requests, not a cursor step per message: the newest key, then the run below it.
    const tx = db.transaction("messages");
    const newest = await tx.store.openKeyCursor(IDBKeyRange.bound([roomId, 0], [roomId, Infinity]), "prev");
    if (!newest) return [];
    const top = (newest.key as [string, number])[1];
    const found = await tx.store.getAll(IDBKeyRange.bound([roomId, Math.max(top - limit + 1, 0)], [roomId, top]));
    let start = found.length;
    while (start > 0 && found[start - 1]!.seq === top - (found.length - start)) start--;
    return found.slice(start);
  }, [] as Message[]);

/** Cached messages just below `seq`, oldest first, ending at seq - 1 or empty. */
export const cachedBefore = (roomId: string, seq: number, limit: number) =>
  withStore(async (db) => {
    const found = await db.getAll("messages", IDBKeyRange.bound([roomId, Math.max(seq - limit, 1)], [roomId, seq - 1]));
    let start = found.length;
    while (start > 0 && found[start - 1]!.seq === seq - (found.length - start + 1)) start--;
    return found.slice(start);
  }, [] as Message[]);

/** Cached messages just above `seq`, oldest first, starting at seq + 1 or empty. */
export const cachedAfter = (roomId: string, seq: number, limit: number) =>
  withStore(async (db) => {
    const found = await db.getAll("messages", IDBKeyRange.bound([roomId, seq + 1], [roomId, seq + limit]));
    let end = 0;
    while (end < found.length && found[end]!.seq === seq + 1 + end) end++;
    return found.slice(0, end);
  }, [] as Message[]);
