import type { User } from "../../../schema/api";
import type { Room } from "../../../schema/rooms";
import type { IDBPTransaction } from "idb";
import { withStore, type ParleyDB } from "./db";

export const loadRooms = () => withStore((db) => db.getAll("rooms"), [] as Room[]);

export const saveRoom = (room: Room) => withStore((db) => db.put("rooms", room).then(() => undefined), undefined);

/** The server's full list: rooms no longer in it are gone (left, removed). */
export const replaceRooms = (rooms: readonly Room[]) =>
  withStore(async (db) => {
    const tx = db.transaction(["rooms", "messages", "drafts"], "readwrite");
    const keep = new Set(rooms.map((room) => room.id));
    const gone = (await tx.objectStore("rooms").getAllKeys()).filter((id) => !keep.has(id));
    await Promise.all([
      ...gone.map((id) => forgetIn(tx, id)),
      ...rooms.map((room) => tx.objectStore("rooms").put(room)),
      tx.done,
    ]);
  }, undefined);

export const deleteRoom = (roomId: string) =>
  withStore(async (db) => {
    const tx = db.transaction(["rooms", "messages", "drafts"], "readwrite");
    await Promise.all([forgetIn(tx, roomId), tx.done]);
  }, undefined);

type ForgetTx = IDBPTransaction<ParleyDB, ("rooms" | "messages" | "drafts")[], "readwrite">;

const forgetIn = (tx: ForgetTx, roomId: string) =>
  Promise.all([
    tx.objectStore("rooms").delete(roomId),
    tx.objectStore("messages").delete(IDBKeyRange.bound([roomId, 0], [roomId, Infinity])),
    tx.objectStore("drafts").delete(roomId),
  ]);

export const loadUsers = () => withStore((db) => db.getAll("users"), [] as User[]);

export const saveUsers = (users: readonly User[]) =>
  withStore(async (db) => {
    const tx = db.transaction("users", "readwrite");
    await Promise.all([...users.map((user) => tx.store.put(user)), tx.done]);
  }, undefined);
