import { batch, computed, effect, signal } from "@preact/signals";
import type { User } from "../../../schema/api";
import type { Room } from "../../../schema/rooms";
import type { MessageHit } from "../../../schema/search";
import { searchTerms } from "../../../schema/searchTerms";
import * as api from "../api";
import { searchCached } from "../store/search";
import { networkOnline } from "./connectivity";
import { describe } from "./form";
import { openRoomAt } from "./room";
import { filteredRooms, roomFilter, rooms, upsertRoom } from "./rooms";
import { navigate, roomPath } from "./router";

// The search box over the room list: chats by name at once, from memory; people and
// messages from the server, or from the messages cached on this device when offline.

const PAGE = 20;
const CACHED_LIMIT = 50;
const DEBOUNCE_MS = 250;
// Shorter queries filter chats only: a single letter would match a large share of all messages.
const MESSAGE_QUERY_MIN = 2;

export type SearchStatus = "idle" | "searching" | "done" | "failed";

export const searchQuery = signal("", { name: "searchQuery" });
export const searchStatus = signal<SearchStatus>("idle", { name: "searchStatus" });
/** Where the messages came from: the server's index, or this device's cache (offline). */
export const searchSource = signal<"server" | "device">("server", { name: "searchSource" });
export const messageHits = signal<readonly MessageHit[]>([], { name: "messageHits" });
export const peopleHits = signal<readonly User[]>([], { name: "peopleHits" });
const serverRooms = signal<readonly Room[]>([], { name: "serverRooms" });
export const nextCursor = signal<string | null>(null, { name: "searchNextCursor" });
export const searchPartial = signal(false, { name: "searchPartial" });
export const searchProblem = signal<string | null>(null, { name: "searchProblem" });
export const loadingMore = signal(false, { name: "searchLoadingMore" });

export const searchActive = computed(() => searchQuery.value.trim().length > 0);
export const searchesMessages = computed(() => [...searchQuery.value.trim()].length >= MESSAGE_QUERY_MIN);

/** Chats by name: this device's list, and any the server found that it does not hold yet. */
export const roomHits = computed(() => {
  const local = filteredRooms.value;
  const known = new Set(local.map((room) => room.id));
  return [...local, ...serverRooms.value.filter((room) => !known.has(room.id))];
});

export interface RoomGroup {
  roomId: string;
  hits: MessageHit[];
}

/** Message hits by room, rooms in the order of their best hit. */
export const hitGroups = computed(() => {
  const groups = new Map<string, RoomGroup>();
  for (const hit of messageHits.value) {
    const roomId = hit.message.room_id;
    const group = groups.get(roomId) ?? { roomId, hits: [] };
    group.hits.push(hit);
    groups.set(roomId, group);
  }
  return [...groups.values()];
});

let generation = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

export function setSearchQuery(text: string) {
  batch(() => {
    searchQuery.value = text;
    roomFilter.value = text;
  });
  clearTimeout(timer);
  timer = setTimeout(() => void runSearch(), DEBOUNCE_MS);
}

/** Enter in the box: no need to wait for the pause in typing. */
export function searchNow() {
  clearTimeout(timer);
  void runSearch();
}

export function clearSearch() {
  clearTimeout(timer);
  generation++;
  batch(() => {
    searchQuery.value = "";
    roomFilter.value = "";
    clearResults();
  });
}

function clearResults() {
  messageHits.value = [];
  peopleHits.value = [];
  serverRooms.value = [];
  nextCursor.value = null;
  searchPartial.value = false;
  searchProblem.value = null;
  searchStatus.value = "idle";
  loadingMore.value = false;
}

async function runSearch() {
  const mine = ++generation;
  const q = searchQuery.peek().trim();
  if (!searchesMessages.peek()) {
    clearResults();
    return;
  }
  batch(() => {
    searchStatus.value = "searching";
    searchProblem.value = null;
  });
  if (!networkOnline.peek()) return searchDevice(mine, q);
  try {
    const results = await api.search({ q, limit: PAGE });
    if (mine !== generation) return;
    batch(() => {
      searchSource.value = "server";
      messageHits.value = results.messages;
      peopleHits.value = results.people;
      serverRooms.value = results.rooms;
      nextCursor.value = results.next_cursor;
      searchPartial.value = results.partial;
      searchStatus.value = "done";
    });
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof api.ApiError && error.code === api.OFFLINE) return searchDevice(mine, q);
    batch(() => {
      clearResults();
      searchProblem.value = describe(error);
      searchStatus.value = "failed";
    });
  }
}

async function searchDevice(mine: number, q: string) {
  const roomIds = new Set(rooms.peek().map((room) => room.id));
  const found = await searchCached(searchTerms(q), roomIds, CACHED_LIMIT);
  if (mine !== generation) return;
  batch(() => {
    searchSource.value = "device";
    messageHits.value = found.hits.map(({ message, highlight }) => ({ message, highlight }));
    peopleHits.value = [];
    serverRooms.value = [];
    nextCursor.value = null;
    searchPartial.value = found.partial;
    searchStatus.value = "done";
  });
}

export async function loadMoreHits() {
  const cursor = nextCursor.peek();
  if (cursor === null || loadingMore.peek()) return;
  const mine = generation;
  loadingMore.value = true;
  try {
    const results = await api.search({ q: searchQuery.peek().trim(), cursor, limit: PAGE });
    if (mine !== generation) return;
    const seen = new Set(messageHits.peek().map((hit) => hit.message.id));
    batch(() => {
      messageHits.value = [...messageHits.peek(), ...results.messages.filter((hit) => !seen.has(hit.message.id))];
      nextCursor.value = results.next_cursor;
      searchPartial.value = searchPartial.peek() || results.partial;
    });
  } catch (error) {
    if (mine === generation) searchProblem.value = describe(error);
  } finally {
    if (mine === generation) loadingMore.value = false;
  }
}

/** Opens the room at the message, with the history around it loaded and the message highlighted. */
export const openHit = (hit: MessageHit) => openRoomAt(hit.message.room_id, hit.message.seq);

export async function openPerson(user: User) {
  searchProblem.value = null;
  try {
    const room = await api.openDirectRoom(user.id);
    upsertRoom(room);
    navigate(roomPath(room.id));
  } catch (error) {
    searchProblem.value = describe(error);
  }
}

// The network came back (or went): the same query again, from the other source.
effect(() => {
  networkOnline.value;
  if (searchesMessages.peek()) void runSearch();
});
