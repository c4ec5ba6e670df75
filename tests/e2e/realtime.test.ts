import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../support/client.ts";
import { startApp, type RunningApp } from "../support/server.ts";

let app: RunningApp;
let alice: Client;
let bob: Client;
let carol: Client;

beforeAll(async () => {
  app = await startApp();
  [alice, bob, carol] = (await Promise.all(["alice", "bob", "carol"].map((name) => Client.signUp(app.url, name)))) as [Client, Client, Client];
});
afterAll(() => app?.close());

async function group(title: string, members: Client[]) {
  const res = await alice.call("POST", "/api/rooms", { kind: "group", title, member_ids: members.map((m) => m.user.id) });
  return res.body.data.id as string;
}

describe("real time over real sockets", () => {
  it("100 concurrent sends with duplicates give gapless seqs and no duplicate broadcast", async () => {
    const roomId = await group("Load", [bob, carol]);
    const observer = await carol.socket(`/api/rooms/${roomId}/ws`);
    const senders = await Promise.all([alice, alice, bob, bob].map((c) => c.socket(`/api/rooms/${roomId}/ws?batch=1`)));
    // 100 distinct messages; a quarter of them sent twice, once by socket and once by REST.
    const ids = Array.from({ length: 100 }, (_, i) => ({ owner: i % 2 ? bob : alice, id: `load-${i}` }));
    const rest: Promise<unknown>[] = [];
    ids.forEach(({ owner, id }, i) => {
      const socket = senders[(owner === alice ? 0 : 2) + (i % 4 < 2 ? 0 : 1)]!;
      socket.send({ type: "send", client_msg_id: id, kind: "text", text: id });
      if (i % 4 === 0) rest.push(owner.call("POST", `/api/rooms/${roomId}/messages`, { client_msg_id: id, kind: "text", text: id }));
    });
    await Promise.all(rest);
    // The room already holds its creation notice as seq 1; the 100 follow it.
    const seen = await observer.until(() => observer.messages().length >= 100 && observer.messages());
    const seqs = seen.map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    expect(new Set(seen.map((m) => m.client_msg_id)).size).toBe(100);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(observer.messages()).toHaveLength(100);
    const history = await carol.call("GET", `/api/rooms/${roomId}/messages?after_seq=0&limit=200`);
    expect(history.body.data.messages.map((m: { seq: number }) => m.seq)).toEqual([1, ...seqs]);
    for (const socket of [observer, ...senders]) socket.close();
  });

  it("a message acked before the room object is evicted is still there after", async () => {
    const roomId = await group("Durable", [bob]);
    const socket = await alice.socket(`/api/rooms/${roomId}/ws`);
    socket.send({ type: "send", client_msg_id: "durable-1", kind: "text", text: "keep me" });
    const ack = await socket.until((frames) => frames.find((f) => f.type === "ack"));
    await app.harness.getWorker().evictDurableObject("ROOM", { name: roomId, webSockets: "close" });
    const history = await bob.call("GET", `/api/rooms/${roomId}/messages?after_seq=0`);
    expect(history.body.data.messages.map((m: { text: string }) => m.text)).toContain("keep me");
    expect(history.body.data.messages.at(-1)).toEqual(ack.message);
  });

  it("a socket reconnecting with after_seq receives exactly the messages it missed", async () => {
    const roomId = await group("Reconnect", [bob]);
    const first = await bob.socket(`/api/rooms/${roomId}/ws`);
    const hello = await first.until((frames) => frames.find((f) => f.type === "hello"));
    first.close();
    for (let i = 1; i <= 7; i++) {
      await alice.call("POST", `/api/rooms/${roomId}/messages`, { client_msg_id: `missed-${i}`, kind: "text", text: `missed ${i}` });
    }
    const again = await bob.socket(`/api/rooms/${roomId}/ws`);
    again.send({ type: "sync", after_seq: hello.last_seq });
    const synced = await again.until((frames) => frames.find((f) => f.type === "synced"));
    expect(synced.last_seq).toBe(hello.last_seq + 7);
    expect(again.messages().map((m) => m.text)).toEqual(Array.from({ length: 7 }, (_, i) => `missed ${i + 1}`));
    again.close();
  });

  it("refuses a non-member on every route and socket", async () => {
    const roomId = await group("Private", [bob]);
    const routes: [string, string, unknown?][] = [
      ["GET", `/api/rooms/${roomId}`],
      ["GET", `/api/rooms/${roomId}/messages`],
      ["POST", `/api/rooms/${roomId}/messages`, { client_msg_id: "x", kind: "text", text: "let me in" }],
      ["PATCH", `/api/rooms/${roomId}/messages/1`, { text: "edited" }],
      ["DELETE", `/api/rooms/${roomId}/messages/1`],
      ["PUT", `/api/rooms/${roomId}/messages/1/reactions/${encodeURIComponent("👍")}`],
      ["POST", `/api/rooms/${roomId}/read`, { seq: 1 }],
      ["PUT", `/api/rooms/${roomId}/settings`, { favorite: true }],
      ["POST", `/api/rooms/${roomId}/members`, { user_id: carol.user.id }],
      ["POST", `/api/rooms/${roomId}/invites`, {}],
    ];
    for (const [method, path, body] of routes) {
      const res = await carol.call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    await expect(carol.socket(`/api/rooms/${roomId}/ws`)).rejects.toThrow(/404/);
  });

  it("a revoked session's sockets close at once", async () => {
    const roomId = await group("Revoke", [bob]);
    const login = await fetch(`${app.url}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "bob", password: "Correct-Horse-9", device_name: "second" }),
    }).then((r) => r.json() as Promise<any>);
    const device = new Client(app.url, login.data.access_token, login.data.user);
    const room = await device.socket(`/api/rooms/${roomId}/ws`);
    const inbox = await device.socket("/api/ws");
    const revoked = await bob.call("DELETE", `/api/auth/sessions/${login.data.session_id}`);
    expect(revoked.status).toBe(200);
    const closing = await room.until((frames) => frames.find((f) => f.type === "closed"));
    expect(closing.code).toBe(4401);
    await room.until(() => room.closed ?? undefined);
    await inbox.until(() => inbox.closed ?? undefined);
    expect(inbox.frames.some((f) => f.type === "session_revoked")).toBe(true);
  });
});
