import { env, evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ALLOWED } from "./fileFixtures";
import { call, signUp } from "./helpers";
import { openInbox, openRoom, openSocket, ticketFor, upgrade } from "./socket";

async function pair() {
  const alice = await signUp("alice");
  const bob = await signUp("bob");
  const room = (await call("/api/rooms/direct", { method: "POST", token: alice.access_token, body: { user_id: bob.user.id } })).json.data;
  return { alice, bob, roomId: room.id as string };
}

const roomStub = (roomId: string) => env.ROOM.get(env.ROOM.idFromName(roomId));
const text = (client_msg_id: string, body = `message ${client_msg_id}`) => ({ type: "send", client_msg_id, kind: "text", text: body });

describe("opening a socket", () => {
  it("answers 426 to a plain request", async () => {
    const { alice, roomId } = await pair();
    const res = await call(`/api/rooms/${roomId}/ws?ticket=${await ticketFor(alice.access_token)}`);
    expect(res.status).toBe(426);
    expect(res.json.error.code).toBe("upgrade_required");
  });

  it("refuses a missing, unknown, reused or expired ticket with 401", async () => {
    const { alice, roomId } = await pair();
    expect((await upgrade(`/api/rooms/${roomId}/ws`)).status).toBe(400);
    expect((await upgrade(`/api/rooms/${roomId}/ws?ticket=nope`)).status).toBe(401);
    const ticket = await ticketFor(alice.access_token);
    const first = await upgrade(`/api/rooms/${roomId}/ws?ticket=${ticket}`);
    expect(first.status).toBe(101);
    first.webSocket!.accept();
    expect((await upgrade(`/api/rooms/${roomId}/ws?ticket=${ticket}`)).status).toBe(401);
    const stale = await ticketFor(alice.access_token);
    await env.DB.prepare("UPDATE socket_tickets SET expires_at = ?").bind(Date.now() - 1).run();
    expect((await upgrade(`/api/rooms/${roomId}/ws?ticket=${stale}`)).status).toBe(401);
  });

  it("issues tickets valid for 60 seconds, only to signed-in callers", async () => {
    const { alice } = await pair();
    const res = await call("/api/realtime/ticket", { method: "POST", token: alice.access_token });
    expect(res.json.data.expires_in).toBe(60);
    expect((await call("/api/realtime/ticket", { method: "POST" })).status).toBe(401);
  });

  it("refuses the ticket of a session revoked after it was issued", async () => {
    const { alice, roomId } = await pair();
    const ticket = await ticketFor(alice.access_token);
    await call("/api/auth/logout", { method: "POST", token: alice.access_token });
    expect((await upgrade(`/api/rooms/${roomId}/ws?ticket=${ticket}`)).status).toBe(401);
  });

  it("refuses a non-member with 404, before the upgrade", async () => {
    const { roomId } = await pair();
    const mallory = await signUp("mallory");
    const res = await upgrade(`/api/rooms/${roomId}/ws?ticket=${await ticketFor(mallory.access_token)}`);
    expect(res.status).toBe(404);
    expect(res.webSocket).toBeNull();
  });

  it("refuses a foreign Origin with 403 and accepts the app's own", async () => {
    const { alice, roomId } = await pair();
    const foreign = await upgrade(`/api/rooms/${roomId}/ws?ticket=${await ticketFor(alice.access_token)}`, { Origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    const own = await upgrade(`/api/rooms/${roomId}/ws?ticket=${await ticketFor(alice.access_token)}`, { Origin: "http://parley.test" });
    expect(own.status).toBe(101);
    own.webSocket!.accept();
  });

  it("greets with the room's last seq, who is online and the read cursors", async () => {
    const { alice, roomId } = await pair();
    await call(`/api/rooms/${roomId}/messages`, { method: "POST", token: alice.access_token, body: { client_msg_id: "m1", kind: "text", text: "hi" } });
    const socket = await openRoom(alice.access_token, roomId);
    const hello = socket.ofType("hello")[0]!;
    expect(hello).toMatchObject({ room_id: roomId, last_seq: 1, online: [alice.user.id], batch: false });
  });
});

describe("talking over the room socket", () => {
  it("acks a send once stored and delivers it to the other member", async () => {
    const { alice, bob, roomId } = await pair();
    const a = await openRoom(alice.access_token, roomId);
    const b = await openRoom(bob.access_token, roomId);
    a.send(text("c1", "hello bob"));
    const ack = await a.next((f) => f.type === "ack");
    expect(ack.client_msg_id).toBe("c1");
    expect(ack.message).toMatchObject({ seq: 1, sender_id: alice.user.id, text: "hello bob", kind: "text" });
    const delivered = await b.next((f) => f.type === "message");
    expect(delivered.message).toEqual(ack.message);
  });

  it("stamps the sender and time itself: a client cannot claim to be someone else", async () => {
    const { alice, bob, roomId } = await pair();
    const a = await openRoom(alice.access_token, roomId);
    a.send({ ...text("forged"), sender_id: bob.user.id });
    const error = await a.next((f) => f.type === "error");
    expect(error.code).toBe("invalid_frame");
    expect(error.client_msg_id).toBe("forged");
    a.send(text("honest"));
    expect((await a.next((f) => f.type === "ack")).message.sender_id).toBe(alice.user.id);
  });

  it("a repeated client_msg_id is acked with the first message and not broadcast again", async () => {
    const { alice, bob, roomId } = await pair();
    const a = await openRoom(alice.access_token, roomId);
    const b = await openRoom(bob.access_token, roomId);
    a.send(text("once", "first"));
    const first = await a.next((f) => f.type === "ack");
    await b.next((f) => f.type === "message");
    a.send(text("once", "second try"));
    await a.next((f) => f.type === "ack" && f !== first);
    const acks = a.ofType("ack");
    expect(acks).toHaveLength(2);
    expect(acks[1]!.message).toEqual(first.message);
    await b.settle();
    expect(b.ofType("message")).toHaveLength(1);
  });

  it("a repeat sent before the first is stored is acked with the same message, after it is stored, and broadcast once", async () => {
    const { alice, bob, roomId } = await pair();
    const a = await openRoom(alice.access_token, roomId);
    const b = await openRoom(bob.access_token, roomId);
    // Back to back: the second frame arrives while the first still waits for its batch's commit.
    a.send(text("burst", "first"));
    a.send(text("burst", "retry"));
    a.send(text("after", "next"));
    await a.next((f) => f.type === "ack" && f.client_msg_id === "after");
    const acks = a.ofType("ack");
    expect(acks.map((ack) => ack.client_msg_id)).toEqual(["burst", "burst", "after"]);
    expect(acks[1]!.message).toEqual(acks[0]!.message);
    expect(acks[0]!.message.text).toBe("first");
    expect(acks[2]!.message.seq).toBe(acks[0]!.message.seq + 1);
    await b.settle();
    expect(b.ofType("message").map((f) => f.message.client_msg_id)).toEqual(["burst", "after"]);
    const history = await call(`/api/rooms/${roomId}/messages?after_seq=0`, { token: bob.access_token });
    expect(history.json.data.messages.filter((m: { client_msg_id: string }) => m.client_msg_id === "burst")).toHaveLength(1);
  });

  it("a voice message over the socket posts the sender's own upload; someone else's is refused with an error frame", async () => {
    const { alice, bob, roomId } = await pair();
    const recording = ALLOWED.find((f) => f.name === "voice.ogg")!;
    const body = new FormData();
    body.append("file", new File([recording.bytes], "note.ogg"));
    const uploaded = (await call("/api/uploads", { method: "POST", token: alice.access_token, raw: body })).json.data;
    const a = await openRoom(alice.access_token, roomId);
    const b = await openRoom(bob.access_token, roomId);
    b.send({ type: "send", client_msg_id: "stolen", kind: "voice", upload_id: uploaded.id });
    const refused = await b.next((f) => f.type === "error");
    expect(refused).toMatchObject({ code: "invalid_request", client_msg_id: "stolen" });
    a.send({ type: "send", client_msg_id: "voice", kind: "voice", upload_id: uploaded.id });
    const ack = await a.next((f) => f.type === "ack");
    expect(ack.message.attachment).toMatchObject({ upload_id: uploaded.id, mime: "audio/ogg", duration_ms: 3000 });
    expect((await b.next((f) => f.type === "message")).message.attachment.upload_id).toBe(uploaded.id);
  });

  it("under a steady stream from several sockets and REST at once, every send is acked and the seqs have no gaps", async () => {
    const { alice, bob, roomId } = await pair();
    const sockets = await Promise.all([openRoom(alice.access_token, roomId), openRoom(bob.access_token, roomId), openRoom(alice.access_token, roomId)]);
    const rest: Promise<{ status: number }>[] = [];
    for (let i = 0; i < 100; i++) {
      sockets.forEach((socket, s) => socket.send(text(`stream-${s}-${i}`)));
      if (i % 10 === 0) {
        rest.push(call(`/api/rooms/${roomId}/messages`, { method: "POST", token: bob.access_token, body: { client_msg_id: `rest-${i}`, kind: "text", text: "via REST" } }));
      }
    }
    expect((await Promise.all(rest)).map((res) => res.status)).toEqual(Array(10).fill(201));
    const acks = await Promise.all(
      sockets.map(async (socket, s) => {
        await socket.next((f) => f.type === "ack" && f.client_msg_id === `stream-${s}-99`, 10_000);
        return socket.ofType("ack");
      }),
    );
    expect(acks.map((list) => list.length)).toEqual([100, 100, 100]);
    const seqs = acks.flat().map((ack) => ack.message.seq as number);
    const history = await call(`/api/rooms/${roomId}/messages?after_seq=0&limit=200`, { token: alice.access_token });
    const all = [...history.json.data.messages.map((m: { seq: number }) => m.seq)];
    expect(new Set(seqs).size).toBe(300);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  });

  it("REST and socket sends share one idempotency rule", async () => {
    const { alice, roomId } = await pair();
    const rest = await call(`/api/rooms/${roomId}/messages`, { method: "POST", token: alice.access_token, body: { client_msg_id: "shared", kind: "text", text: "via REST" } });
    const a = await openRoom(alice.access_token, roomId);
    a.send(text("shared", "via socket"));
    const ack = await a.next((f) => f.type === "ack");
    expect(ack.message).toEqual(rest.json.data);
  });

  it("answers a bad frame with an error frame and keeps the socket usable", async () => {
    const { alice, roomId } = await pair();
    const a = await openRoom(alice.access_token, roomId);
    a.send("not json");
    a.send({ type: "shout", text: "hey" });
    a.send({ type: "send", client_msg_id: "x", kind: "system", text: "fake" });
    a.send({ type: "send", client_msg_id: "y", kind: "text", text: "" });
    a.send({ type: "read", seq: -1 });
    a.send(JSON.stringify({ type: "send", client_msg_id: "big", kind: "text", text: "x".repeat(70 * 1024) }));
    a.ws.send(new Uint8Array([1, 2, 3]));
    await a.next(() => a.ofType("error").length === 7);
    const codes = a.ofType("error").map((f) => f.code);
    expect(codes).toEqual(["invalid_frame", "invalid_frame", "invalid_frame", "invalid_frame", "invalid_frame", "payload_too_large", "invalid_frame"]);
    a.send(text("still-alive"));
    expect((await a.next((f) => f.type === "ack")).client_msg_id).toBe("still-alive");
    expect(a.closed).toBeNull();
  });

  it("refuses a channel post from a plain member with a forbidden error frame", async () => {
    const owner = await signUp("owner");
    const reader = await signUp("reader");
    const channel = (await call("/api/rooms", { method: "POST", token: owner.access_token, body: { kind: "channel", title: "News", member_ids: [reader.user.id] } })).json.data;
    const r = await openRoom(reader.access_token, channel.id);
    r.send(text("nope"));
    const error = await r.next((f) => f.type === "error");
    expect(error).toMatchObject({ code: "forbidden", client_msg_id: "nope" });
  });

  it("slows a flooding socket, then closes it with 1008", async () => {
    const { alice, roomId } = await pair();
    const a = await openRoom(alice.access_token, roomId);
    for (let i = 0; i < 400; i++) a.send({ type: "typing" });
    const closed = await a.closedWith(5000);
    expect(a.ofType("error").some((f) => f.code === "rate_limited" && f.retry_after_ms > 0)).toBe(true);
    expect(closed.code).toBe(1008);
  });

  it("answers an application-level ping with pong", async () => {
    const { alice, roomId } = await pair();
    const a = await openRoom(alice.access_token, roomId);
    a.send({ type: "ping" });
    await a.next((f) => f.type === "pong");
  });
});

describe("catching up", () => {
  it("sync sends exactly the messages after after_seq, then synced", async () => {
    const { alice, bob, roomId } = await pair();
    for (let i = 1; i <= 5; i++) {
      await call(`/api/rooms/${roomId}/messages`, { method: "POST", token: alice.access_token, body: { client_msg_id: `m${i}`, kind: "text", text: `${i}` } });
    }
    const b = await openRoom(bob.access_token, roomId);
    b.send({ type: "sync", after_seq: 2 });
    const synced = await b.next((f) => f.type === "synced");
    expect(synced.last_seq).toBe(5);
    expect(b.ofType("message").map((f) => f.message.seq)).toEqual([3, 4, 5]);
  });

  it("a batching socket receives catch-up in pages of several messages per frame", async () => {
    const { alice, bob, roomId } = await pair();
    for (let i = 1; i <= 4; i++) {
      await call(`/api/rooms/${roomId}/messages`, { method: "POST", token: alice.access_token, body: { client_msg_id: `m${i}`, kind: "text", text: `${i}` } });
    }
    const b = await openRoom(bob.access_token, roomId, { batch: true });
    b.send({ type: "sync", after_seq: 0 });
    await b.next((f) => f.type === "synced");
    expect(b.ofType("messages").flatMap((f) => f.messages.map((m: { seq: number }) => m.seq))).toEqual([1, 2, 3, 4]);
  });
});

describe("read receipts, typing and presence", () => {
  it("broadcasts a read cursor that only moves forward", async () => {
    const { alice, bob, roomId } = await pair();
    const a = await openRoom(alice.access_token, roomId);
    const b = await openRoom(bob.access_token, roomId);
    a.send(text("1"));
    a.send(text("2"));
    await b.next(() => b.ofType("message").length === 2);
    b.send({ type: "read", seq: 2 });
    expect(await a.next((f) => f.type === "read")).toMatchObject({ user_id: bob.user.id, seq: 2 });
    b.send({ type: "read", seq: 1 });
    await a.settle();
    expect(a.ofType("read")).toHaveLength(1);
    const member = await env.DB.prepare("SELECT last_read_seq FROM memberships WHERE user_id = ?").bind(bob.user.id).first<{ last_read_seq: number }>();
    expect(member!.last_read_seq).toBe(2);
  });

  it("relays typing to the others, never stores it", async () => {
    const { alice, bob, roomId } = await pair();
    const a = await openRoom(alice.access_token, roomId);
    const b = await openRoom(bob.access_token, roomId);
    a.send({ type: "typing" });
    expect(await b.next((f) => f.type === "typing")).toMatchObject({ user_id: alice.user.id });
    await a.settle();
    expect(a.ofType("typing")).toHaveLength(0);
    expect(await roomStub(roomId).lastSeq()).toBe(0);
  });

  it("shows a member online while a socket is open and offline when the last one closes", async () => {
    const { alice, bob, roomId } = await pair();
    const a = await openRoom(alice.access_token, roomId);
    const b = await openRoom(bob.access_token, roomId);
    expect(await a.next((f) => f.type === "presence")).toMatchObject({ user_id: bob.user.id, online: true });
    b.close();
    expect(await a.next((f) => f.type === "presence" && f.online === false)).toMatchObject({ user_id: bob.user.id });
  });
});

describe("membership and sessions end sockets at once", () => {
  it("closes a removed member's room socket with 4403", async () => {
    const owner = await signUp("owner");
    const guest = await signUp("guest");
    const group = (await call("/api/rooms", { method: "POST", token: owner.access_token, body: { kind: "group", title: "Team", member_ids: [guest.user.id] } })).json.data;
    const g = await openRoom(guest.access_token, group.id);
    await call(`/api/rooms/${group.id}/members/${guest.user.id}`, { method: "DELETE", token: owner.access_token });
    expect((await g.closedWith()).code).toBe(4403);
  });

  it("closes a revoked session's room and inbox sockets, and the inbox says why", async () => {
    const { alice, roomId } = await pair();
    const r = await openRoom(alice.access_token, roomId);
    const inbox = await openInbox(alice.access_token);
    await call(`/api/auth/sessions/${alice.session_id}`, { method: "DELETE", token: alice.access_token });
    expect((await r.closedWith()).code).toBe(4401);
    await inbox.next((f) => f.type === "session_revoked");
    expect((await inbox.closedWith()).code).toBe(4401);
  });
});

describe("hibernation", () => {
  it("rebuilds its sessions from the sockets after the object is evicted", async () => {
    const { alice, bob, roomId } = await pair();
    const a = await openRoom(alice.access_token, roomId);
    const b = await openRoom(bob.access_token, roomId);
    await evictDurableObject(roomStub(roomId), { webSockets: "hibernate" });
    a.send(text("after-eviction"));
    expect((await a.next((f) => f.type === "ack")).message.seq).toBe(1);
    expect((await b.next((f) => f.type === "message")).message.text).toBe("message after-eviction");
  });
});

describe("the inbox socket", () => {
  it("pushes room_updated with the last message and unread count, coalescing a burst", async () => {
    const { alice, bob, roomId } = await pair();
    const inbox = await openInbox(bob.access_token);
    const a = await openRoom(alice.access_token, roomId);
    for (let i = 1; i <= 10; i++) a.send(text(`m${i}`, `${i}`));
    await a.next(() => a.ofType("ack").length === 10);
    await runDurableObjectAlarm(roomStub(roomId));
    const update = await inbox.next((f) => f.type === "room_updated" && f.room.last_seq === 10);
    expect(update.room).toMatchObject({ id: roomId, unread_count: 10, last_message: { seq: 10, text: "10" } });
    // The first message is told at once, the rest of the burst in one trailing update.
    expect(inbox.ofType("room_updated").filter((f) => f.room.id === roomId).length).toBeLessThanOrEqual(2);
  });

  it("does not count the sender's own messages as unread for them", async () => {
    const { alice, bob, roomId } = await pair();
    await call(`/api/rooms/${roomId}/messages`, { method: "POST", token: alice.access_token, body: { client_msg_id: "m1", kind: "text", text: "mine" } });
    await runDurableObjectAlarm(roomStub(roomId));
    const rooms = async (token: string) => (await call("/api/rooms", { token })).json.data[0];
    expect(await rooms(alice.access_token)).toMatchObject({ last_seq: 1, last_read_seq: 1, unread_count: 0 });
    expect(await rooms(bob.access_token)).toMatchObject({ last_seq: 1, last_read_seq: 0, unread_count: 1 });
  });

  it("syncs a read on one device to the user's other devices", async () => {
    const { alice, bob, roomId } = await pair();
    await call(`/api/rooms/${roomId}/messages`, { method: "POST", token: alice.access_token, body: { client_msg_id: "m1", kind: "text", text: "hi" } });
    const inbox = await openInbox(bob.access_token);
    await call(`/api/rooms/${roomId}/read`, { method: "POST", token: bob.access_token, body: { seq: 1 } });
    const update = await inbox.next((f) => f.type === "room_updated" && f.room.last_read_seq === 1);
    expect(update.room.unread_count).toBe(0);
  });

  it("pushes room_added when the user is added and room_removed when removed", async () => {
    const owner = await signUp("owner");
    const guest = await signUp("guest");
    const inbox = await openInbox(guest.access_token);
    const group = (await call("/api/rooms", { method: "POST", token: owner.access_token, body: { kind: "group", title: "Team" } })).json.data;
    await call(`/api/rooms/${group.id}/members`, { method: "POST", token: owner.access_token, body: { user_id: guest.user.id } });
    expect((await inbox.next((f) => f.type === "room_added")).room).toMatchObject({ id: group.id, title: "Team", my_role: "member" });
    await call(`/api/rooms/${group.id}/members/${guest.user.id}`, { method: "DELETE", token: owner.access_token });
    expect(await inbox.next((f) => f.type === "room_removed")).toMatchObject({ room_id: group.id });
  });

  it("answers anything but a ping with an error frame", async () => {
    const { alice } = await pair();
    const inbox = await openInbox(alice.access_token);
    inbox.send({ type: "send", text: "no" });
    expect((await inbox.next((f) => f.type === "error")).code).toBe("invalid_frame");
    inbox.send({ type: "ping" });
    await inbox.next((f) => f.type === "pong");
  });

  it("refuses a bad ticket with 401 before the upgrade", async () => {
    expect((await upgrade("/api/ws?ticket=forged")).status).toBe(401);
    const { alice } = await pair();
    const res = await openSocket("/api/ws", alice.access_token);
    expect(res.closed).toBeNull();
  });
});
