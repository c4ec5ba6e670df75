import { env, runDurableObjectAlarm } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import type { AuthResult, User } from "../../schema/api";
import type { Message } from "../../schema/messages";
import type { Room } from "../../schema/rooms";
import { database } from "../../worker/lib/db";
import { openSession } from "../../worker/lib/sessions";
import { signAccessToken } from "../../worker/lib/tokens";
import { createUser, toApiUser } from "../../worker/lib/users";

export const ORIGIN = "http://parley.test";

export interface Call {
  method?: string;
  body?: unknown;
  raw?: BodyInit;
  token?: string;
  headers?: Record<string, string>;
}

export async function call(path: string, { method = "GET", body, raw, token, headers = {} }: Call = {}) {
  const init: RequestInit = { method, headers: { ...headers } };
  const h = init.headers as Record<string, string>;
  if (body !== undefined) {
    h["Content-Type"] ??= "application/json";
    init.body = JSON.stringify(body);
  } else if (raw !== undefined) init.body = raw;
  if (token) h.Authorization = `Bearer ${token}`;
  const res = await exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
  const text = await res.text();
  const json = res.headers.get("Content-Type")?.includes("json") && text ? (JSON.parse(text) as any) : undefined;
  return { status: res.status, headers: res.headers, json, text };
}

let counter = 0;
export const uniqueName = (prefix = "user") => `${prefix}${Date.now() % 100000}${counter++}`;
export const PASSWORD = "Correct-Horse-9";

export async function signUp(username = uniqueName(), extra: Record<string, unknown> = {}): Promise<AuthResult> {
  const res = await call("/api/auth/register", { method: "POST", body: { username, password: PASSWORD, ...extra } });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${res.text}`);
  return res.json.data;
}

export const signIn = (username: string, password = PASSWORD, headers: Record<string, string> = {}) =>
  call("/api/auth/login", { method: "POST", body: { username, password }, headers });

export async function setUserStatus(userId: string, status: "active" | "blocked" | "deleted") {
  await env.DB.prepare("UPDATE users SET status = ? WHERE id = ?").bind(status, userId).run();
}

// ---- rooms and messages ----

export interface Person {
  id: string;
  token: string;
  user: User;
}

/**
 * A signed-in person, seeded straight into D1 with the worker's own functions: no argon2
 * hash, so it costs milliseconds instead of a sign-up's ~300 ms. The account cannot log in
 * with a password; its access token works like any other.
 */
export async function person(displayName?: string): Promise<Person> {
  const db = database(env.DB);
  const username = uniqueName("p");
  const row = await createUser(db, { username, displayName: displayName ?? username, passwordHash: "!seeded" });
  const { sessionId } = await openSession(db, row.id, "test");
  const token = await signAccessToken(env, { userId: row.id, sessionId });
  return { id: row.id, token, user: toApiUser(row) };
}

type Several<N extends number, T, R extends T[] = []> = R["length"] extends N ? R : Several<N, T, [...R, T]>;

/** `const [ada, bob] = await people(2)`: that many seeded people, typed as a tuple. */
export const people = <N extends number>(count: N) =>
  Promise.all(Array.from({ length: count }, () => person())) as Promise<Several<N, Person>>;

/** Runs the room's pending alarm now: it writes last_seq, last_message and activity time to D1. */
export async function flushRoom(roomId: string): Promise<boolean> {
  return runDurableObjectAlarm(env.ROOM.get(env.ROOM.idFromName(roomId)));
}

/** Lets the clock move on, so times recorded before and after differ (Workers time advances on I/O). */
export const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

export async function makeRoom(owner: Person, body: Record<string, unknown> = {}): Promise<Room> {
  const res = await call("/api/rooms", { method: "POST", token: owner.token, body: { kind: "group", title: "Room", ...body } });
  if (res.status !== 201) throw new Error(`room creation failed: ${res.status} ${res.text}`);
  return res.json.data;
}

export async function makeDirect(a: Person, b: Person): Promise<Room> {
  const res = await call("/api/rooms/direct", { method: "POST", token: a.token, body: { user_id: b.id } });
  if (res.status !== 201 && res.status !== 200) throw new Error(`direct room failed: ${res.status} ${res.text}`);
  return res.json.data;
}

export async function addTo(roomId: string, by: Person, who: Person, role: "member" | "admin" = "member") {
  const res = await call(`/api/rooms/${roomId}/members`, { method: "POST", token: by.token, body: { user_id: who.id, role } });
  if (res.status !== 201) throw new Error(`adding a member failed: ${res.status} ${res.text}`);
}

let messageCounter = 0;
export const clientMsgId = () => `cm-${Date.now()}-${messageCounter++}`;

export const sendMessage = (roomId: string, by: Person, body: Record<string, unknown>) =>
  call(`/api/rooms/${roomId}/messages`, { method: "POST", token: by.token, body: { client_msg_id: clientMsgId(), ...body } });

export async function say(roomId: string, by: Person, text = "hello"): Promise<Message> {
  const res = await sendMessage(roomId, by, { kind: "text", text });
  if (res.status !== 201) throw new Error(`sending failed: ${res.status} ${res.text}`);
  return res.json.data;
}

export async function history(roomId: string, by: Person, query = ""): Promise<Message[]> {
  const res = await call(`/api/rooms/${roomId}/messages${query ? `?${query}` : ""}`, { token: by.token });
  if (res.status !== 200) throw new Error(`history failed: ${res.status} ${res.text}`);
  return res.json.data.messages;
}

export const lastMessage = async (roomId: string, by: Person) => (await history(roomId, by, "limit=1"))[0]!;

export async function roomList(by: Person): Promise<Room[]> {
  const res = await call("/api/rooms", { token: by.token });
  if (res.status !== 200) throw new Error(`room list failed: ${res.status} ${res.text}`);
  return res.json.data;
}

/** The fields a 400 answer's details name. */
export const fieldsOf = (res: { json?: any }): string[] =>
  (res.json?.error?.details ?? []).map((d: { field: string }) => d.field);

export const ROOM_FIELDS = [
  "avatar_url", "created_at", "description", "favorite", "id", "kind", "last_message", "last_read_seq", "last_seq",
  "member_count", "muted_until", "my_role", "peer", "title", "unread_count",
];
export const MESSAGE_FIELDS = [
  "attachment", "client_msg_id", "created_at", "deleted", "edited_at", "id", "kind", "reactions", "reply_to",
  "room_id", "sender_id", "seq", "sticker", "system", "text", "poll",
].sort();
