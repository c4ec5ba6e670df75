import { batch, computed, effect, signal } from "@preact/signals";
import type { RoomServerFrame } from "../../../schema/frames";
import type { Message } from "../../../schema/messages";
import * as api from "../api";
import { cachedAfter, cachedBefore, cachedLatest, saveMessages } from "../store/messages";
import { describe } from "./form";
import { kickOutbox, onDelivered, settleEntry } from "./outbox";
import { closeRoomSocket, openRoomSocket, sendRoomFrame } from "./roomSocket";
import { forgetRoom, noteMessage, noteRead, roomById } from "./rooms";
import { navigate, roomPath } from "./router";
import { currentUser, sessionEndedByServer } from "./session";
import { rememberUsers } from "./users";

// The open room: a window of its history (consecutive seqs, so it has no holes), who is
// online and typing, how far each member has read, and the actions on its messages.
// History comes from the offline store first, then the socket's catch-up and REST pages.

const PAGE = 50;
const FIRST_CACHED = 100;
// The window holds at most this many messages. Scrolling further drops the far end (it
// loads again on the way back): a window of a room's whole history would make every new
// page cost as much as the room is long.
const WINDOW_MAX = 300;
// Further behind than this, catching up message by message costs more than starting over
// from the newest page (older messages load as the person scrolls up).
const SYNC_GAP_MAX = 200;
const TYPING_SHOWN_MS = 4000;
const TYPING_SEND_EVERY_MS = 2500;
// The room relays one typing notice a second per socket and drops the rest.
const TYPING_RELAY_INTERVAL_MS = 1100;

export const openRoomId = signal<string | null>(null, { name: "openRoomId" });
/** The loaded stretch of history, oldest first, seqs consecutive. */
export const messages = signal<readonly Message[]>([], { name: "messages" });
/** The window reaches the room's newest message, so live messages join it. */
export const atLatest = signal(true, { name: "atLatest" });
/** The first look (store or server) is done: an empty window now means an empty room. */
export const historyReady = signal(false, { name: "historyReady" });
export const loadingOlder = signal(false, { name: "loadingOlder" });
export const latestSeq = signal(0, { name: "latestSeq" });
export const online = signal<ReadonlySet<string>>(new Set(), { name: "online" });
export const readCursors = signal<ReadonlyMap<string, number>>(new Map(), { name: "readCursors" });
export const typing = signal<ReadonlyMap<string, number>>(new Map(), { name: "typing" });
/** A message to bring into view (a reply's original), with a counter so the same one can be asked twice. */
export const focusRequest = signal<{ seq: number; nonce: number } | null>(null, { name: "focusRequest" });
/** Bumped to scroll the list to its end (after sending, or "Jump to latest"). */
export const endRequest = signal(0, { name: "endRequest" });
/** The newest message is on screen; with the window focused, that counts as read. */
export const bottomVisible = signal(false, { name: "bottomVisible" });
/** The last message from someone else that arrived live, for screen readers. */
export const lastArrival = signal<Message | null>(null, { name: "lastArrival" });
/** A problem with an action on a message (edit, delete, react, vote), shown briefly. */
export const actionProblem = signal<string | null>(null, { name: "actionProblem" });

export const hasOlder = computed(() => (messages.value[0]?.seq ?? 1) > 1);

let generation = 0;
let syncing = false;
let lastTypingSentAt = 0;
let typingAllowedAt = 0;
let readSent = 0;
let typingTimer: ReturnType<typeof setTimeout> | undefined;
let loadingNewer = false;
// Bumped by every load that replaces the window, so an older one that answers late is dropped.
let windowLoad = 0;
// A message to open a room at (a search result), taken by that room's openRoom.
let openAt: { roomId: string; seq: number } | null = null;

const me = () => currentUser.peek()?.id ?? null;

export function openRoom(roomId: string) {
  if (openRoomId.peek() === roomId) return;
  closeRoom();
  const mine = ++generation;
  batch(() => {
    openRoomId.value = roomId;
    latestSeq.value = roomById(roomId)?.last_seq ?? 0;
  });
  readSent = roomById(roomId)?.last_read_seq ?? 0;
  const jumpTo = openAt?.roomId === roomId ? openAt.seq : null;
  openAt = null;
  void cachedLatest(roomId, FIRST_CACHED).then((cached) => {
    if (mine !== generation) return;
    // The newest cached stretch counts as the present: the socket's catch-up brings it up
    // to date (or replaces it, when it is too far behind).
    batch(() => {
      messages.value = cached;
      atLatest.value = true;
      historyReady.value = cached.length > 0;
    });
    // Before the socket: its catch-up then leaves the window where the jump puts it.
    if (jumpTo !== null) void showMessage(jumpTo);
    // The socket opens once the window holds the cache, so its catch-up starts from there.
    openRoomSocket(roomId, {
      onOpen: kickOutbox,
      onFrame: (frame) => onFrame(mine, frame),
      onEnd: (code) => {
        if (code === 4401) sessionEndedByServer();
        if (code !== 4403 || mine !== generation) return;
        forgetRoom(roomId);
        navigate("/", { replace: true });
      },
    });
    if (cached.length === 0 && navigator.onLine && jumpTo === null) void loadLatestPage(mine);
  });
  void api.room(roomId).then(
    (detail) => rememberUsers(detail.members.map((member) => member.user)),
    () => undefined,
  );
}

export function closeRoom() {
  generation++;
  closeRoomSocket();
  clearTimeout(typingTimer);
  syncing = false;
  loadingNewer = false;
  batch(() => {
    openRoomId.value = null;
    messages.value = [];
    atLatest.value = true;
    historyReady.value = false;
    loadingOlder.value = false;
    latestSeq.value = 0;
    online.value = new Set();
    readCursors.value = new Map();
    typing.value = new Map();
    focusRequest.value = null;
    bottomVisible.value = false;
    lastArrival.value = null;
    actionProblem.value = null;
  });
}

async function loadLatestPage(mine: number) {
  const roomId = openRoomId.peek()!;
  const load = ++windowLoad;
  try {
    const page = await api.history(roomId, { limit: PAGE });
    if (mine !== generation || load !== windowLoad) return;
    void saveMessages(page.messages);
    batch(() => {
      messages.value = mergeInto(messages.peek(), page.messages) ?? page.messages;
      atLatest.value = true;
      historyReady.value = true;
      const last = page.messages[page.messages.length - 1];
      if (last) latestSeq.value = Math.max(latestSeq.peek(), last.seq);
    });
  } catch {
    // Offline or refused: the socket's catch-up fills the window when it can.
  }
}

function onFrame(mine: number, frame: RoomServerFrame) {
  if (mine !== generation) return;
  switch (frame.type) {
    case "hello": {
      batch(() => {
        latestSeq.value = Math.max(latestSeq.peek(), frame.last_seq);
        online.value = new Set(frame.online);
        readCursors.value = new Map(Object.entries(frame.read));
      });
      void catchUp(mine);
      return;
    }
    case "message":
      return receive([frame.message], true);
    case "messages":
      return receive(frame.messages, true);
    case "message_updated":
      return applyUpdate(frame.message);
    case "synced":
      syncing = false;
      historyReady.value = true;
      latestSeq.value = Math.max(latestSeq.peek(), frame.last_seq);
      if (highest() >= frame.last_seq) atLatest.value = true;
      return;
    case "read": {
      const cursors = new Map(readCursors.peek());
      cursors.set(frame.user_id, Math.max(cursors.get(frame.user_id) ?? 0, frame.seq));
      readCursors.value = cursors;
      return;
    }
    case "typing":
      if (frame.user_id !== me()) showTyping(frame.user_id);
      return;
    case "presence": {
      const next = new Set(online.peek());
      if (frame.online) next.add(frame.user_id);
      else next.delete(frame.user_id);
      online.value = next;
      return;
    }
    // Refusals without a client_msg_id answer reads, typing and catch-up, which repeat on
    // their own; none is an action the person could retry.
  }
}

const highest = () => messages.peek()[messages.peek().length - 1]?.seq ?? 0;

// On every (re)connect: fetch what was missed since the newest message this window holds.
async function catchUp(mine: number) {
  const roomId = openRoomId.peek()!;
  // Away from the present (a jump back in history, maybe still loading), the window stays put.
  if (!atLatest.peek()) return;
  if (latestSeq.peek() - highest() > SYNC_GAP_MAX) {
    await loadLatestPage(mine);
    if (mine !== generation) return;
  }
  syncing = sendRoomFrame(roomId, { type: "sync", after_seq: highest() });
}

/** New messages, live or caught up: stored, and added to the window where they fit. */
function receive(incoming: readonly Message[], live: boolean) {
  if (incoming.length === 0) return;
  void saveMessages(incoming);
  const roomId = openRoomId.peek();
  const newest = incoming[incoming.length - 1]!;
  latestSeq.value = Math.max(latestSeq.peek(), newest.seq);
  for (const message of incoming) {
    settleEntry(message);
    // A message ends its sender's typing notice on the other side; the next keystrokes
    // start a new one as soon as the room will relay it.
    if (message.sender_id === me()) typingAllowedAt = lastTypingSentAt + TYPING_RELAY_INTERVAL_MS;
    else if (message.sender_id) clearTyping(message.sender_id);
  }
  if (roomId) noteMessage(newest, newest.sender_id === me());
  if (!atLatest.peek()) return;
  const merged = mergeInto(messages.peek(), incoming);
  if (merged === null) {
    // A gap: something was missed (a dropped frame, a reconnect); the catch-up fills it.
    if (!syncing && roomId) syncing = sendRoomFrame(roomId, { type: "sync", after_seq: highest() });
    return;
  }
  batch(() => {
    // Someone reading the newest messages does not need the oldest ones kept behind them.
    messages.value = merged.length > WINDOW_MAX + PAGE && bottomVisible.peek() ? merged.slice(merged.length - WINDOW_MAX) : merged;
    const arrival = [...incoming].reverse().find((m) => m.sender_id !== me() && m.kind !== "system");
    if (live && arrival && !syncing) lastArrival.value = arrival;
  });
}

/** The window with these messages added, or null if they would leave a hole. */
function mergeInto(window: readonly Message[], incoming: readonly Message[]): readonly Message[] | null {
  const sorted = [...incoming].sort((a, b) => a.seq - b.seq);
  if (window.length === 0) return consecutive(sorted) ? sorted : null;
  const first = window[0]!.seq;
  const next = [...window];
  for (const message of sorted) {
    const index = message.seq - first;
    if (index < 0) continue;
    if (index < next.length) next[index] = message;
    else if (index === next.length) next.push(message);
    else return null;
  }
  return next;
}

const consecutive = (list: readonly Message[]) => list.every((m, i) => i === 0 || m.seq === list[i - 1]!.seq + 1);

/** An edit, deletion, reaction or vote: the stored copy and the window follow. */
export function applyUpdate(message: Message) {
  void saveMessages([message]);
  const window = messages.peek();
  const index = message.seq - (window[0]?.seq ?? 0);
  if (message.room_id === openRoomId.peek() && index >= 0 && index < window.length) {
    const next = [...window];
    next[index] = message;
    messages.value = next;
  }
  const room = roomById(message.room_id);
  if (room && room.last_message?.seq === message.seq) noteMessage(message, false);
}

onDelivered((message) => {
  if (message.room_id === openRoomId.peek()) receive([message], false);
});

export async function loadOlder() {
  const roomId = openRoomId.peek();
  const first = messages.peek()[0];
  if (!roomId || !first || first.seq <= 1 || loadingOlder.peek()) return;
  const mine = generation;
  loadingOlder.value = true;
  try {
    let older = await cachedBefore(roomId, first.seq, PAGE);
    if (older.length === 0) {
      older = (await api.history(roomId, { before_seq: first.seq, limit: PAGE })).messages;
      void saveMessages(older);
    }
    if (mine !== generation || messages.peek()[0]?.seq !== first.seq) return;
    const merged = [...older.filter((m) => m.seq < first.seq), ...messages.peek()];
    if (!consecutive(merged)) return;
    batch(() => {
      if (merged.length <= WINDOW_MAX) return void (messages.value = merged);
      messages.value = merged.slice(0, WINDOW_MAX);
      atLatest.value = false;
    });
  } catch {
    // Offline: scrolling up again tries again.
  } finally {
    if (mine === generation) loadingOlder.value = false;
  }
}

/** After jumping back in history: the next stretch towards the present. */
export async function loadNewer() {
  const roomId = openRoomId.peek();
  const last = messages.peek()[messages.peek().length - 1];
  if (!roomId || !last || atLatest.peek() || loadingNewer) return;
  const mine = generation;
  loadingNewer = true;
  try {
    let newer = await cachedAfter(roomId, last.seq, PAGE * 2);
    let hasMore = true;
    if (newer.length === 0) {
      const page = await api.history(roomId, { after_seq: last.seq, limit: PAGE * 2 });
      newer = page.messages;
      hasMore = page.has_more;
      void saveMessages(newer);
    }
    if (mine !== generation) return;
    const merged = mergeInto(messages.peek(), newer);
    if (!merged) return;
    batch(() => {
      messages.value = merged.length > WINDOW_MAX ? merged.slice(merged.length - WINDOW_MAX) : merged;
      if (!hasMore || highest() >= latestSeq.peek()) atLatest.value = true;
    });
    if (atLatest.peek()) syncing = sendRoomFrame(roomId, { type: "sync", after_seq: highest() });
  } catch {
    // Offline: reaching the bottom again tries again.
  } finally {
    loadingNewer = false;
  }
}

/** Opens a room with a message in view (a search result), loading the history around it. */
export function openRoomAt(roomId: string, seq: number) {
  if (openRoomId.peek() === roomId) return void showMessage(seq);
  openAt = { roomId, seq };
  navigate(roomPath(roomId));
}

/** Brings a message into view, loading the history around it when it is not loaded. */
export async function showMessage(seq: number) {
  const roomId = openRoomId.peek();
  if (!roomId) return;
  const window = messages.peek();
  const nonce = Date.now();
  if (window.length > 0 && seq >= window[0]!.seq && seq <= highest()) {
    focusRequest.value = { seq, nonce };
    return;
  }
  const mine = generation;
  const load = ++windowLoad;
  const wasAtLatest = atLatest.peek();
  // Until the stretch around it arrives, nothing pulls the window back to the present.
  atLatest.value = false;
  const from = Math.max(0, seq - PAGE / 2);
  try {
    // The cached run through the message, when this device has it (also offline).
    let around = [...(await cachedBefore(roomId, seq + 1, PAGE / 2 + 1)), ...(await cachedAfter(roomId, seq, PAGE / 2))];
    if (!around.some((m) => m.seq === seq)) {
      around = (await api.history(roomId, { after_seq: from, limit: PAGE })).messages;
      void saveMessages(around);
    }
    if (mine !== generation || load !== windowLoad) return;
    if (around.length === 0) {
      atLatest.value = wasAtLatest;
      return;
    }
    batch(() => {
      messages.value = around;
      atLatest.value = around[around.length - 1]!.seq >= latestSeq.peek();
      historyReady.value = true;
      focusRequest.value = { seq, nonce };
    });
  } catch (error) {
    if (mine !== generation || load !== windowLoad) return;
    atLatest.value = wasAtLatest;
    actionProblem.value = describe(error);
  }
}

export async function showLatest() {
  const roomId = openRoomId.peek();
  if (!roomId) return;
  const mine = generation;
  if (!atLatest.peek()) {
    const cached = await cachedLatest(roomId, FIRST_CACHED);
    if (mine !== generation) return;
    if (cached.length > 0 && cached[cached.length - 1]!.seq >= latestSeq.peek()) {
      batch(() => {
        messages.value = cached;
        atLatest.value = true;
      });
    } else await loadLatestPage(mine);
  }
  if (mine === generation) endRequest.value++;
}

// ---- reading, typing, presence ----

const windowFocused = signal(document.hasFocus() && document.visibilityState === "visible", { name: "windowFocused" });
const updateFocus = () => {
  windowFocused.value = document.hasFocus() && document.visibilityState === "visible";
};
addEventListener("focus", updateFocus);
addEventListener("blur", updateFocus);
document.addEventListener("visibilitychange", updateFocus);

// The read cursor moves when the newest message is on screen in a focused window.
effect(() => {
  const roomId = openRoomId.value;
  const newest = messages.value[messages.value.length - 1];
  if (!roomId || !newest || !bottomVisible.value || !windowFocused.value || !atLatest.value) return;
  if (newest.seq <= readSent) return;
  readSent = newest.seq;
  noteRead(roomId, newest.seq);
  if (!sendRoomFrame(roomId, { type: "read", seq: newest.seq }) && navigator.onLine) {
    api.markRead(roomId, newest.seq).catch(() => {
      readSent = 0;
    });
  }
});

/** Called as the person types; tells the room at most every few seconds. */
export function noteTyping() {
  const roomId = openRoomId.peek();
  const now = Date.now();
  if (!roomId || now < typingAllowedAt) return;
  if (!sendRoomFrame(roomId, { type: "typing" })) return;
  lastTypingSentAt = now;
  typingAllowedAt = now + TYPING_SEND_EVERY_MS;
}

function showTyping(userId: string) {
  const next = new Map(typing.peek());
  next.set(userId, Date.now() + TYPING_SHOWN_MS);
  typing.value = next;
  scheduleTypingExpiry();
}

function clearTyping(userId: string) {
  if (!typing.peek().has(userId)) return;
  const next = new Map(typing.peek());
  next.delete(userId);
  typing.value = next;
}

function scheduleTypingExpiry() {
  clearTimeout(typingTimer);
  const soonest = Math.min(...typing.peek().values());
  if (!Number.isFinite(soonest)) return;
  typingTimer = setTimeout(() => {
    const now = Date.now();
    typing.value = new Map([...typing.peek()].filter(([, until]) => until > now));
    scheduleTypingExpiry();
  }, Math.max(0, soonest - Date.now()) + 50);
}

/** How many others have read up to this seq. */
export function readersOf(seq: number): number {
  let count = 0;
  for (const [userId, cursor] of readCursors.value) if (userId !== me() && cursor >= seq) count++;
  return count;
}

// ---- actions on messages (REST: their answers are definite, and the socket echoes them) ----

async function act(action: () => Promise<Message>) {
  actionProblem.value = null;
  try {
    applyUpdate(await action());
  } catch (error) {
    actionProblem.value = describe(error);
  }
}

export const editText = (message: Message, text: string) => act(() => api.editMessage(message.room_id, message.seq, text));
export const deleteText = (message: Message) => act(() => api.deleteMessage(message.room_id, message.seq));
export const castVote = (message: Message, options: number[]) => act(() => api.vote(message.room_id, message.seq, options));
export const closePoll = (message: Message) => act(() => api.closePoll(message.room_id, message.seq));

export function toggleReaction(message: Message, emoji: string) {
  const mine = me();
  const on = !(mine && message.reactions[emoji]?.includes(mine));
  return act(() => api.react(message.room_id, message.seq, emoji, on));
}
