import { effect, signal, untracked } from "@preact/signals";
import { closeAccountStore, openAccountStore } from "../store/db";
import { kickInbox, startInbox, stopInbox } from "./inbox";
import { kickOutbox, startOutbox, stopOutbox } from "./outbox";
import { startPush, stopPush } from "./push";
import { closeRoom, openRoom } from "./room";
import { kickRoomSocket } from "./roomSocket";
import { loadRooms, refreshRooms, resetRooms } from "./rooms";
import { route } from "./router";
import { clearSearch } from "./search";
import { accessToken, currentUser, sessionStatus } from "./session";
import { loadCachedUsers, resetUsers } from "./users";

// What runs while someone is signed in: their offline store, the room list, the outbox,
// the inbox socket and the open room. Started and stopped by the session alone.

let active: string | null = null;
/** The account whose store is open, so the open room reads the right database. */
const storeOwner = signal<string | null>(null, { name: "storeOwner" });

export function startAccountLifecycle() {
  effect(() => {
    const userId = sessionStatus.value === "signed-in" ? (currentUser.value?.id ?? null) : null;
    untracked(() => {
      if (userId === active) return;
      if (active !== null) stop();
      active = userId;
      if (userId !== null) void start(userId);
    });
  });

  // A token arrives after an offline start, or after a renewal that followed an outage.
  effect(() => {
    if (accessToken.value === null) return;
    untracked(() => {
      kickInbox();
      kickRoomSocket();
      kickOutbox();
    });
  });

  effect(() => {
    const current = route.value;
    const roomId = storeOwner.value !== null && current.name === "room" ? current.roomId : null;
    untracked(() => (roomId === null ? closeRoom() : openRoom(roomId)));
  });
}

async function start(userId: string) {
  openAccountStore(userId);
  storeOwner.value = userId;
  await Promise.all([loadCachedUsers(), loadRooms()]);
  if (active !== userId) return;
  // The inbox refreshes the list whenever it connects; this first read does not wait for it.
  if (accessToken.peek() !== null) refreshRooms().catch(() => undefined);
  void startOutbox();
  startInbox();
  startPush();
  void keepStorage();
}

function stop() {
  storeOwner.value = null;
  closeRoom();
  stopInbox();
  stopOutbox();
  stopPush();
  resetRooms();
  clearSearch();
  resetUsers();
  closeAccountStore();
}

// Without this a browser may evict the store under storage pressure, outbox included.
async function keepStorage() {
  try {
    if (navigator.storage?.persist && !(await navigator.storage.persisted())) await navigator.storage.persist();
  } catch {
    // Not granted or not supported: the store still works, only without the guarantee.
  }
}
