import { batch, computed, signal } from "@preact/signals";
import type { InboxServerFrame } from "../../../schema/frames";
import type { Message } from "../../../schema/messages";
import type { Room } from "../../../schema/rooms";
import * as api from "../api";
import { deleteRoom, loadRooms as loadCachedRooms, replaceRooms, saveRoom } from "../store/rooms";
import { rememberUsers } from "./users";

// The signed-in person's rooms, as the room list shows them: read from the offline store
// first, then replaced by the server's list, then kept live by the inbox socket.

const byId = signal<ReadonlyMap<string, Room>>(new Map(), { name: "roomsById" });

/** The list is known (from the store or the server), so "no rooms" really means none. */
export const roomsKnown = signal(false, { name: "roomsKnown" });
export const roomFilter = signal("", { name: "roomFilter" });

/** Favorites first, then the most recent activity. */
export const rooms = computed(() =>
  [...byId.value.values()].sort((a, b) => Number(b.favorite) - Number(a.favorite) || activityOf(b) - activityOf(a)),
);

export const filteredRooms = computed(() => {
  const query = roomFilter.value.trim().toLocaleLowerCase();
  if (!query) return rooms.value;
  return rooms.value.filter(
    (room) => room.title.toLocaleLowerCase().includes(query) || room.peer?.username.toLocaleLowerCase().includes(query),
  );
});

const activityOf = (room: Room) => Date.parse(room.last_message?.created_at ?? room.created_at);

export const roomById = (roomId: string) => byId.value.get(roomId);

export const isMuted = (room: Room) => room.muted_until !== null && Date.parse(room.muted_until) > Date.now();

export function upsertRoom(room: Room) {
  const next = new Map(byId.peek());
  next.set(room.id, room);
  byId.value = next;
  void saveRoom(room);
  if (room.peer) rememberUsers([room.peer]);
}

export function forgetRoom(roomId: string) {
  void deleteRoom(roomId);
  if (!byId.peek().has(roomId)) return;
  const next = new Map(byId.peek());
  next.delete(roomId);
  byId.value = next;
}

/** Shows the store's copy at once; the server's list follows when it can be asked. */
export async function loadRooms() {
  const cached = await loadCachedRooms();
  if (!roomsKnown.peek() && cached.length > 0) {
    batch(() => {
      byId.value = new Map(cached.map((room) => [room.id, room]));
      roomsKnown.value = true;
    });
  }
}

export async function refreshRooms() {
  const list = await api.rooms();
  batch(() => {
    byId.value = new Map(list.map((room) => [room.id, room]));
    roomsKnown.value = true;
  });
  void replaceRooms(list);
  rememberUsers(list.flatMap((room) => (room.peer ? [room.peer] : [])));
}

/** A message this client saw first (sent, or on the open room's socket) moves its room up at once. */
export function noteMessage(message: Message, readByMe: boolean) {
  const room = byId.peek().get(message.room_id);
  if (!room || message.seq < room.last_seq) return;
  const lastRead = readByMe ? Math.max(room.last_read_seq, message.seq) : room.last_read_seq;
  upsertRoom({ ...room, last_seq: message.seq, last_message: message, last_read_seq: lastRead, unread_count: Math.max(0, message.seq - lastRead) });
}

/** The person read up to seq here: the badge clears before the server confirms it. */
export function noteRead(roomId: string, seq: number) {
  const room = byId.peek().get(roomId);
  if (!room || seq <= room.last_read_seq) return;
  upsertRoom({ ...room, last_read_seq: seq, unread_count: Math.max(0, room.last_seq - seq) });
}

export function applyInboxFrame(frame: InboxServerFrame) {
  switch (frame.type) {
    case "room_added":
    case "room_updated": {
      const known = byId.peek().get(frame.room.id);
      // The inbox can lag what this client already knows (a message just sent, a read
      // cursor just moved); neither the preview nor the cursor goes backwards.
      const newer = known && known.last_seq > frame.room.last_seq ? known : frame.room;
      const lastRead = Math.max(known?.last_read_seq ?? 0, frame.room.last_read_seq);
      upsertRoom({
        ...frame.room,
        last_seq: newer.last_seq,
        last_message: newer.last_message,
        last_read_seq: lastRead,
        unread_count: Math.max(0, newer.last_seq - lastRead),
      });
      roomsKnown.value = true;
      return;
    }
    case "room_removed":
      forgetRoom(frame.room_id);
      return;
  }
}

export function resetRooms() {
  batch(() => {
    byId.value = new Map();
    roomsKnown.value = false;
    roomFilter.value = "";
  });
}
