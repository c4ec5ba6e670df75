import { computed, signal } from "@preact/signals";
import type { Room } from "../../../schema/rooms";

// The signed-in person's rooms, as the room list shows them.

const byId = signal<ReadonlyMap<string, Room>>(new Map(), { name: "roomsById" });

/** Favorites first, then the most recent activity. */
export const rooms = computed(() =>
  [...byId.value.values()].sort((a, b) => Number(b.favorite) - Number(a.favorite) || activityOf(b) - activityOf(a)),
);

const activityOf = (room: Room) => Date.parse(room.last_message?.created_at ?? room.created_at);

export const roomById = (roomId: string) => byId.value.get(roomId);

export function upsertRoom(room: Room) {
  const next = new Map(byId.peek());
  next.set(room.id, room);
  byId.value = next;
}

export function forgetRoom(roomId: string) {
  if (!byId.peek().has(roomId)) return;
  const next = new Map(byId.peek());
  next.delete(roomId);
  byId.value = next;
}
