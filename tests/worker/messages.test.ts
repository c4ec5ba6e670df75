import { describe, expect, it } from "vitest";
import type { Person } from "./helpers";
import {
  addTo,
  call,
  fieldsOf,
  flushRoom,
  history,
  makeDirect,
  makeRoom,
  MESSAGE_FIELDS,
  people,
  roomList,
  say,
  sendMessage,
} from "./helpers";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const POLL = { question: "Lunch?", options: ["Pizza", "Sushi"] };
const messages = (roomId: string) => `/api/rooms/${roomId}/messages`;
const post = (roomId: string, by: Person, body: unknown) => call(messages(roomId), { method: "POST", token: by.token, body });
const edit = (roomId: string, by: Person, seq: number | string, body: unknown) =>
  call(`${messages(roomId)}/${seq}`, { method: "PATCH", token: by.token, body });
const remove = (roomId: string, by: Person, seq: number) => call(`${messages(roomId)}/${seq}`, { method: "DELETE", token: by.token });
const react = (roomId: string, by: Person, seq: number, emoji: string, on = true) =>
  call(`${messages(roomId)}/${seq}/reactions/${encodeURIComponent(emoji)}`, { method: on ? "PUT" : "DELETE", token: by.token });
const read = (roomId: string, by: Person, body: unknown) => call(`/api/rooms/${roomId}/read`, { method: "POST", token: by.token, body });
const page = (roomId: string, by: Person, query = "") => call(`${messages(roomId)}${query ? `?${query}` : ""}`, { token: by.token });
const seqs = (list: { seq: number }[]) => list.map((m) => m.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A direct room between two people: it has no system messages, so its first message is seq 1. */
async function pair() {
  const [ada, bob] = await people(2);
  const room = await makeDirect(ada, bob);
  return { ada, bob, room };
}

describe("POST /api/rooms/:id/messages", () => {
  it("stores a text message and answers 201 with the contract's message shape, stamped by the server", async () => {
    const { ada, room } = await pair();
    const before = Date.now();
    const res = await post(room.id, ada, { client_msg_id: "c-1", kind: "text", text: "Hello, Bob" });
    expect(res.status).toBe(201);
    const message = res.json.data;
    expect(Object.keys(message).sort()).toEqual(MESSAGE_FIELDS);
    expect(message).toMatchObject({
      room_id: room.id,
      seq: 1,
      sender_id: ada.id,
      client_msg_id: "c-1",
      kind: "text",
      text: "Hello, Bob",
      reply_to: null,
      attachment: null,
      poll: null,
      sticker: null,
      system: null,
      edited_at: null,
      deleted: false,
      reactions: {},
    });
    expect(typeof message.id).toBe("string");
    expect(message.created_at).toMatch(ISO);
    expect(Date.parse(message.created_at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(message.created_at)).toBeLessThanOrEqual(Date.now());
    expect(await history(room.id, ada)).toEqual([message]);
  });

  it("numbers messages 1, 2, 3 in the order the room accepts them", async () => {
    const { ada, bob, room } = await pair();
    const sent = [await say(room.id, ada, "one"), await say(room.id, bob, "two"), await say(room.id, ada, "three")];
    expect(seqs(sent)).toEqual([1, 2, 3]);
    expect((await history(room.id, bob)).map((m) => [m.seq, m.text])).toEqual([
      [1, "one"],
      [2, "two"],
      [3, "three"],
    ]);
  });

  it("numbers messages sent at the same moment without gaps or repeats", async () => {
    const { ada, bob, room } = await pair();
    const sent = await Promise.all(range(1, 20).map((i) => say(room.id, i % 2 ? ada : bob, `m${i}`)));
    expect(seqs(sent).sort((a, b) => a - b)).toEqual(range(1, 20));
    expect(seqs(await history(room.id, ada))).toEqual(range(1, 20));
  });

  it.each([
    [{ sender_id: "someone-else" }],
    [{ created_at: "2000-01-01T00:00:00.000Z" }],
    [{ seq: 99 }],
    [{ id: "forged" }],
    [{ deleted: false }],
    [{ reactions: { "👍": ["x"] } }],
  ])("refuses a client-sent server field %j and stores nothing", async (extra) => {
    const { ada, room } = await pair();
    const res = await post(room.id, ada, { client_msg_id: "c-1", kind: "text", text: "hi", ...extra });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect(fieldsOf(res)).toContain("(body)");
    expect(await history(room.id, ada)).toEqual([]);
  });

  it("answers the same client_msg_id from the same sender with 200 and the original message, storing nothing new", async () => {
    const { ada, room } = await pair();
    const first = await post(room.id, ada, { client_msg_id: "retry-me", kind: "text", text: "first" });
    const again = await post(room.id, ada, { client_msg_id: "retry-me", kind: "text", text: "second" });
    expect(again.status).toBe(200);
    expect(again.json.data).toEqual(first.json.data);
    expect((await history(room.id, ada)).map((m) => m.text)).toEqual(["first"]);
    expect((await say(room.id, ada)).seq).toBe(2);
  });

  it("treats the same client_msg_id from another sender, or in another room, as a new message", async () => {
    const { ada, bob, room } = await pair();
    await post(room.id, ada, { client_msg_id: "same", kind: "text", text: "from ada" });
    const fromBob = await post(room.id, bob, { client_msg_id: "same", kind: "text", text: "from bob" });
    expect(fromBob.status).toBe(201);
    expect(fromBob.json.data).toMatchObject({ seq: 2, sender_id: bob.id, text: "from bob" });
    const group = await makeRoom(ada);
    const elsewhere = await post(group.id, ada, { client_msg_id: "same", kind: "text", text: "elsewhere" });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.json.data.text).toBe("elsewhere");
  });

  it("lets only the owner and admins post in a channel; a member gets 403 and nothing is stored", async () => {
    const [owner, admin, reader] = await people(3);
    const channel = await makeRoom(owner, { kind: "channel", member_ids: [reader.id] });
    await addTo(channel.id, owner, admin, "admin");
    expect((await sendMessage(channel.id, owner, { kind: "text", text: "news" })).status).toBe(201);
    expect((await sendMessage(channel.id, admin, { kind: "text", text: "more news" })).status).toBe(201);
    const refused = await sendMessage(channel.id, reader, { kind: "text", text: "me too" });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("forbidden");
    expect((await history(channel.id, reader)).some((m) => m.text === "me too")).toBe(false);
  });

  it("accepts reply_to naming a message of the room", async () => {
    const { ada, bob, room } = await pair();
    await say(room.id, ada, "question");
    const res = await sendMessage(room.id, bob, { kind: "text", text: "answer", reply_to: 1 });
    expect(res.status).toBe(201);
    expect(res.json.data.reply_to).toBe(1);
  });

  it.each([[99], [2], [0], ["1"]])("refuses reply_to %j, which names no message of the room, naming reply_to", async (reply_to) => {
    const { ada, room } = await pair();
    await say(room.id, ada, "only message");
    const res = await sendMessage(room.id, ada, { kind: "text", text: "re", reply_to });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(["reply_to"]);
    expect(seqs(await history(room.id, ada))).toEqual([1]);
  });

  it("sends a sticker of the built-in pack", async () => {
    const { ada, room } = await pair();
    const res = await sendMessage(room.id, ada, { kind: "sticker", sticker: "wave" });
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({ kind: "sticker", sticker: "wave", text: null, poll: null });
  });

  it("sends a poll with empty results", async () => {
    const { ada, room } = await pair();
    const res = await sendMessage(room.id, ada, { kind: "poll", poll: { ...POLL, multiple: true } });
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({ kind: "poll", text: null, sticker: null });
    expect(res.json.data.poll).toEqual({
      question: "Lunch?",
      multiple: true,
      closed: false,
      options: [
        { text: "Pizza", voters: [] },
        { text: "Sushi", voters: [] },
      ],
    });
  });

  it("accepts text of exactly 5,000 characters", async () => {
    const { ada, room } = await pair();
    const res = await sendMessage(room.id, ada, { kind: "text", text: "x".repeat(5000) });
    expect(res.status).toBe(201);
    expect(res.json.data.text).toHaveLength(5000);
  });

  it.each([
    [{ kind: "text" }, "text"],
    [{ kind: "text", text: "" }, "text"],
    [{ kind: "text", text: "   \n\t " }, "text"],
    [{ kind: "text", text: "x".repeat(5001) }, "text"],
    [{ kind: "text", text: 42 }, "text"],
    [{ kind: "system", text: "Ada is now the owner" }, "kind"],
    [{ kind: "video", text: "x" }, "kind"],
    [{ text: "x" }, "kind"],
    [{ kind: "sticker" }, "sticker"],
    [{ kind: "sticker", sticker: "not-a-sticker" }, "sticker"],
    [{ kind: "text", text: "hi", sticker: "wave" }, "sticker"],
    [{ kind: "poll" }, "poll"],
    [{ kind: "poll", poll: { question: "Q", options: ["only one"] } }, "poll.options"],
    [{ kind: "poll", poll: { question: "Q", options: Array.from({ length: 11 }, (_, i) => `o${i}`) } }, "poll.options"],
    [{ kind: "poll", poll: { question: "", options: ["a", "b"] } }, "poll.question"],
    [{ kind: "poll", poll: { ...POLL, closed: true } }, "poll"],
    [{ kind: "text", text: "hi", poll: POLL }, "poll"],
    [{ kind: "image" }, "upload_id"],
    [{ kind: "file" }, "upload_id"],
    [{ kind: "voice" }, "upload_id"],
  ])("answers 400 naming the field for %j and stores nothing", async (body, field) => {
    const { ada, room } = await pair();
    const res = await sendMessage(room.id, ada, body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect(fieldsOf(res).some((f) => f === field || f.startsWith(`${field}.`))).toBe(true);
    expect(await history(room.id, ada)).toEqual([]);
  });

  it.each([
    [{ kind: "image", upload_id: "no-such-upload" }],
    [{ kind: "file", upload_id: "no-such-upload" }],
    [{ kind: "voice", upload_id: "no-such-upload" }],
    [{ kind: "text", text: "see attached", upload_id: "no-such-upload" }],
  ])("refuses an upload that does not exist, naming upload_id: %j", async (body) => {
    const { ada, room } = await pair();
    const res = await sendMessage(room.id, ada, body);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(["upload_id"]);
    expect(await history(room.id, ada)).toEqual([]);
  });

  it.each([[{ kind: "text", text: "x" }], [{ client_msg_id: "", kind: "text", text: "x" }], [{ client_msg_id: "c".repeat(65), kind: "text", text: "x" }], [{ client_msg_id: 7, kind: "text", text: "x" }]])(
    "refuses a missing, empty or over-64-character client_msg_id: %j",
    async (body) => {
      const { ada, room } = await pair();
      const res = await post(room.id, ada, body);
      expect(res.status).toBe(400);
      expect(fieldsOf(res)).toEqual(["client_msg_id"]);
    },
  );

  it("accepts a client_msg_id of 64 characters", async () => {
    const { ada, room } = await pair();
    expect((await post(room.id, ada, { client_msg_id: "c".repeat(64), kind: "text", text: "x" })).status).toBe(201);
  });

  it("answers 400 for malformed JSON", async () => {
    const { ada, room } = await pair();
    const res = await call(messages(room.id), {
      method: "POST",
      token: ada.token,
      raw: '{"client_msg_id": "c", "kind":',
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
  });
});

describe("GET /api/rooms/:id/messages", () => {
  async function roomWith(count: number) {
    const { ada, bob, room } = await pair();
    for (let i = 0; i < count; i += 10) {
      await Promise.all(range(i + 1, Math.min(i + 10, count)).map((n) => say(room.id, ada, `m${n}`)));
    }
    return { ada, bob, room };
  }

  it("answers the newest 50 messages by default, ascending, with has_more", async () => {
    const { bob, room } = await roomWith(60);
    const res = await page(room.id, bob);
    expect(res.status).toBe(200);
    expect(Object.keys(res.json.data).sort()).toEqual(["has_more", "messages"]);
    expect(seqs(res.json.data.messages)).toEqual(range(11, 60));
    expect(res.json.data.has_more).toBe(true);
  });

  it("pages forward with after_seq", async () => {
    const { bob, room } = await roomWith(12);
    const first = (await page(room.id, bob, "after_seq=0&limit=10")).json.data;
    expect(seqs(first.messages)).toEqual(range(1, 10));
    expect(first.has_more).toBe(true);
    const rest = (await page(room.id, bob, "after_seq=10&limit=10")).json.data;
    expect(seqs(rest.messages)).toEqual([11, 12]);
    expect(rest.has_more).toBe(false);
    expect((await page(room.id, bob, "after_seq=12")).json.data).toEqual({ messages: [], has_more: false });
  });

  it("pages backward with before_seq: the messages just below it, ascending", async () => {
    const { bob, room } = await roomWith(12);
    const older = (await page(room.id, bob, "before_seq=11&limit=5")).json.data;
    expect(seqs(older.messages)).toEqual(range(6, 10));
    expect(older.has_more).toBe(true);
    const oldest = (await page(room.id, bob, "before_seq=4&limit=5")).json.data;
    expect(seqs(oldest.messages)).toEqual([1, 2, 3]);
    expect(oldest.has_more).toBe(false);
  });

  it("answers an empty page for an empty room", async () => {
    const { ada, room } = await pair();
    expect((await page(room.id, ada)).json.data).toEqual({ messages: [], has_more: false });
  });

  it("accepts a limit of 200", async () => {
    const { ada, room } = await pair();
    expect((await page(room.id, ada, "limit=200")).status).toBe(200);
  });

  it.each([
    "limit=201",
    "limit=0",
    "limit=ten",
    "limit=1.5",
    "after_seq=-1",
    "after_seq=abc",
    "before_seq=0",
    "before_seq=x",
    "after_seq=1&before_seq=5",
  ])("answers 400 for %s", async (query) => {
    const { ada, room } = await pair();
    const res = await page(room.id, ada, query);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
  });
});

describe("PATCH /api/rooms/:id/messages/:seq", () => {
  it("lets the sender change the text, setting edited_at", async () => {
    const { ada, bob, room } = await pair();
    const original = await say(room.id, ada, "teh typo");
    const res = await edit(room.id, ada, 1, { text: "the typo" });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ seq: 1, text: "the typo", sender_id: ada.id, created_at: original.created_at });
    expect(res.json.data.edited_at).toMatch(ISO);
    expect(Date.parse(res.json.data.edited_at)).toBeGreaterThanOrEqual(Date.parse(original.created_at));
    expect((await history(room.id, bob))[0]).toEqual(res.json.data);
  });

  it("forbids anyone but the sender, even the room's owner", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    const message = await say(room.id, bob, "mine");
    const res = await edit(room.id, ada, message.seq, { text: "yours now" });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
    expect((await history(room.id, bob)).at(-1)).toMatchObject({ text: "mine", edited_at: null });
  });

  it("answers 409 for a deleted message", async () => {
    const { ada, room } = await pair();
    await say(room.id, ada, "gone soon");
    await remove(room.id, ada, 1);
    const res = await edit(room.id, ada, 1, { text: "back?" });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict");
  });

  it("answers 404 for a seq with no message, and 400 for a seq that is not a positive integer", async () => {
    const { ada, room } = await pair();
    await say(room.id, ada);
    expect((await edit(room.id, ada, 2, { text: "x" })).status).toBe(404);
    expect((await edit(room.id, ada, 0, { text: "x" })).status).toBe(400);
    expect((await edit(room.id, ada, "abc", { text: "x" })).status).toBe(400);
  });

  it.each([
    [{}, "text"],
    [{ text: "" }, "text"],
    [{ text: "  \n " }, "text"],
    [{ text: "x".repeat(5001) }, "text"],
    [{ text: "x", kind: "poll" }, "(body)"],
    [{ text: "x", sender_id: "someone" }, "(body)"],
  ])("answers 400 naming the field for %j and leaves the text", async (body, field) => {
    const { ada, room } = await pair();
    await say(room.id, ada, "kept");
    const res = await edit(room.id, ada, 1, body);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toContain(field);
    expect((await history(room.id, ada))[0]).toMatchObject({ text: "kept", edited_at: null });
  });

  it("refuses to edit a sticker or a poll", async () => {
    const { ada, room } = await pair();
    await sendMessage(room.id, ada, { kind: "sticker", sticker: "wave" });
    await sendMessage(room.id, ada, { kind: "poll", poll: POLL });
    for (const seq of [1, 2]) {
      const res = await edit(room.id, ada, seq, { text: "now it's text" });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
    }
    expect((await history(room.id, ada)).map((m) => m.text)).toEqual([null, null]);
  });

  it("refuses to edit a system message with 400, whoever asks", async () => {
    const [ada] = await people(1);
    const room = await makeRoom(ada, { title: "Real title" });
    const res = await edit(room.id, ada, 1, { text: "Ada created “Fake title”" });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect((await history(room.id, ada))[0]).toMatchObject({ kind: "system", edited_at: null });
  });
});

describe("DELETE /api/rooms/:id/messages/:seq", () => {
  it("leaves a tombstone that keeps its seq: deleted, with no text, attachment, poll or reactions", async () => {
    const { ada, bob, room } = await pair();
    await say(room.id, ada, "secret");
    await react(room.id, bob, 1, "👍");
    await sendMessage(room.id, ada, { kind: "poll", poll: POLL });
    await call(`${messages(room.id)}/2/vote`, { method: "PUT", token: bob.token, body: { options: [0] } });
    for (const seq of [1, 2]) {
      const res = await remove(room.id, ada, seq);
      expect(res.status).toBe(200);
      expect(Object.keys(res.json.data).sort()).toEqual(MESSAGE_FIELDS);
      expect(res.json.data).toMatchObject({
        seq,
        sender_id: ada.id,
        deleted: true,
        text: null,
        attachment: null,
        poll: null,
        sticker: null,
        reactions: {},
      });
    }
    const after = await history(room.id, bob);
    expect(after.map((m) => [m.seq, m.deleted, m.text, m.poll])).toEqual([
      [1, true, null, null],
      [2, true, null, null],
    ]);
    expect((await say(room.id, ada)).seq).toBe(3);
  });

  it("lets the owner and an admin delete someone else's message", async () => {
    const [ada, admin, bob] = await people(3);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    await addTo(room.id, ada, admin, "admin");
    const first = await say(room.id, bob, "spam");
    const second = await say(room.id, bob, "more spam");
    expect((await remove(room.id, ada, first.seq)).json.data.deleted).toBe(true);
    expect((await remove(room.id, admin, second.seq)).json.data.deleted).toBe(true);
  });

  it("forbids a member from deleting someone else's message", async () => {
    const [ada, bob, cy] = await people(3);
    const room = await makeRoom(ada, { member_ids: [bob.id, cy.id] });
    const message = await say(room.id, bob, "keep me");
    const res = await remove(room.id, cy, message.seq);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
    const ownersNote = (await history(room.id, bob))[0]!;
    expect((await remove(room.id, bob, ownersNote.seq)).status).toBe(403);
    expect((await history(room.id, bob)).every((m) => !m.deleted)).toBe(true);
  });

  it("answers a second delete with the same tombstone", async () => {
    const { ada, room } = await pair();
    await say(room.id, ada);
    const first = await remove(room.id, ada, 1);
    const second = await remove(room.id, ada, 1);
    expect(second.status).toBe(200);
    expect(second.json.data).toEqual(first.json.data);
  });

  it("answers 404 for a seq with no message", async () => {
    const { ada, room } = await pair();
    expect((await remove(room.id, ada, 1)).status).toBe(404);
  });
});

describe("reactions", () => {
  it("maps each emoji to the people who reacted with it, the emoji URL-encoded in the path", async () => {
    const { ada, bob, room } = await pair();
    await say(room.id, ada);
    expect((await react(room.id, ada, 1, "👍")).status).toBe(200);
    await react(room.id, bob, 1, "👍");
    const res = await react(room.id, bob, 1, "👩🏽‍💻");
    expect(res.status).toBe(200);
    const reactions = res.json.data.reactions;
    expect(Object.keys(reactions).sort()).toEqual(["👍", "👩🏽‍💻"].sort());
    expect([...reactions["👍"]].sort()).toEqual([ada.id, bob.id].sort());
    expect(reactions["👩🏽‍💻"]).toEqual([bob.id]);
    expect((await history(room.id, ada))[0]!.reactions).toEqual(reactions);
  });

  it("does not duplicate a repeated reaction", async () => {
    const { ada, room } = await pair();
    await say(room.id, ada);
    await react(room.id, ada, 1, "🎉");
    const again = await react(room.id, ada, 1, "🎉");
    expect(again.status).toBe(200);
    expect(again.json.data.reactions).toEqual({ "🎉": [ada.id] });
  });

  it("removes only the caller's reaction, and the emoji with the last one", async () => {
    const { ada, bob, room } = await pair();
    await say(room.id, ada);
    await react(room.id, ada, 1, "❤️");
    await react(room.id, bob, 1, "❤️");
    const res = await react(room.id, bob, 1, "❤️", false);
    expect(res.status).toBe(200);
    expect(res.json.data.reactions).toEqual({ "❤️": [ada.id] });
    expect((await react(room.id, bob, 1, "❤️", false)).json.data.reactions).toEqual({ "❤️": [ada.id] });
    expect((await react(room.id, ada, 1, "❤️", false)).json.data.reactions).toEqual({});
  });

  it.each(["like", "abc", "<script>", "👍 nice", " "])("refuses %j, which is not an emoji, naming emoji", async (text) => {
    const { ada, room } = await pair();
    await say(room.id, ada);
    const res = await react(room.id, ada, 1, text);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(["emoji"]);
    expect((await history(room.id, ada))[0]!.reactions).toEqual({});
  });

  it("refuses digits, # and *: they are emoji components, not emoji", async () => {
    const { ada, room } = await pair();
    await say(room.id, ada);
    for (const text of ["1", "42", "#", "*"]) expect([text, (await react(room.id, ada, 1, text)).status]).toEqual([text, 400]);
    expect((await history(room.id, ada))[0]!.reactions).toEqual({});
  });

  it("accepts a keycap and a flag", async () => {
    const { ada, room } = await pair();
    await say(room.id, ada);
    expect((await react(room.id, ada, 1, "1️⃣")).status).toBe(200);
    expect((await react(room.id, ada, 1, "🇫🇷")).status).toBe(200);
  });

  it("answers 409 for a deleted message", async () => {
    const { ada, bob, room } = await pair();
    await say(room.id, ada);
    await remove(room.id, ada, 1);
    const res = await react(room.id, bob, 1, "👍");
    expect(res.status).toBe(409);
    expect((await react(room.id, bob, 1, "👍", false)).status).toBe(409);
  });

  it("answers 404 for a seq with no message", async () => {
    const { ada, room } = await pair();
    expect((await react(room.id, ada, 5, "👍")).status).toBe(404);
  });

  it("takes at most 20 different emoji on one message", async () => {
    const { ada, room } = await pair();
    await say(room.id, ada);
    const emoji = [..."😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗🤩"];
    for (const e of emoji.slice(0, 20)) expect((await react(room.id, ada, 1, e)).status).toBe(200);
    expect((await react(room.id, ada, 1, emoji[20]!)).status).toBe(409);
    expect((await react(room.id, ada, 1, emoji[0]!)).status).toBe(200);
  });
});

describe("POST /api/rooms/:id/read", () => {
  it("moves the read cursor forward only and answers last_read_seq", async () => {
    const { ada, bob, room } = await pair();
    for (const text of ["a", "b", "c"]) await say(room.id, ada, text);
    const forward = await read(room.id, bob, { seq: 2 });
    expect(forward.status).toBe(200);
    expect(forward.json).toEqual({ data: { last_read_seq: 2 } });
    expect((await read(room.id, bob, { seq: 1 })).json.data.last_read_seq).toBe(2);
    expect((await read(room.id, bob, { seq: 0 })).json.data.last_read_seq).toBe(2);
    expect((await read(room.id, bob, { seq: 3 })).json.data.last_read_seq).toBe(3);
  });

  it("the room list's unread_count follows the reader's cursor", async () => {
    const { ada, bob, room } = await pair();
    for (const text of ["a", "b", "c", "d"]) await say(room.id, ada, text);
    await read(room.id, bob, { seq: 3 });
    await flushRoom(room.id);
    expect((await roomList(bob))[0]).toMatchObject({ last_seq: 4, last_read_seq: 3, unread_count: 1 });
    await read(room.id, bob, { seq: 1 });
    expect((await roomList(bob))[0]).toMatchObject({ last_read_seq: 3, unread_count: 1 });
  });

  it("refuses a seq beyond the room's last message, naming seq", async () => {
    const { ada, bob, room } = await pair();
    await say(room.id, ada);
    const res = await read(room.id, bob, { seq: 2 });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(["seq"]);
    expect((await read(room.id, bob, { seq: 0 })).json.data.last_read_seq).toBe(0);
  });

  it.each([[{ seq: -1 }], [{ seq: 1.5 }], [{ seq: "1" }], [{}], [{ seq: 1, user_id: "someone" }]])(
    "answers 400 for %j",
    async (body) => {
      const { ada, room } = await pair();
      await say(room.id, ada);
      const res = await read(room.id, ada, body);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
    },
  );
});

describe("someone outside the room", () => {
  it("gets the same 404 from every message route, and changes nothing", async () => {
    const [ada, eve] = await people(2);
    const room = await makeRoom(ada);
    await say(room.id, ada, "private");
    await sendMessage(room.id, ada, { kind: "poll", poll: POLL });
    const base = messages(room.id);
    const attempts = [
      await call(base, { token: eve.token }),
      await call(`${base}?after_seq=0`, { token: eve.token }),
      await post(room.id, eve, { client_msg_id: "x", kind: "text", text: "let me in" }),
      await edit(room.id, eve, 2, { text: "defaced" }),
      await remove(room.id, eve, 2),
      await react(room.id, eve, 2, "💩"),
      await react(room.id, eve, 2, "💩", false),
      await call(`${base}/3/vote`, { method: "PUT", token: eve.token, body: { options: [0] } }),
      await call(`${base}/3/close`, { method: "POST", token: eve.token }),
      await read(room.id, eve, { seq: 3 }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(404);
      expect(res.json).toEqual(attempts[0]!.json);
    }
    const [, text, poll] = await history(room.id, ada);
    expect(text).toMatchObject({ text: "private", edited_at: null, deleted: false, reactions: {} });
    expect(poll!.poll).toMatchObject({ closed: false, options: [{ voters: [] }, { voters: [] }] });
    expect(seqs(await history(room.id, ada))).toEqual([1, 2, 3]);
  });

  it("gets the same 404 for a room id that does not exist", async () => {
    const [ada, eve] = await people(2);
    const room = await makeRoom(ada);
    const hidden = await call(messages(room.id), { token: eve.token });
    const missing = await call(messages(crypto.randomUUID()), { token: eve.token });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual(hidden.json);
  });
});

describe("without a token", () => {
  it("every message route answers 401", async () => {
    const [ada] = await people(1);
    const room = await makeRoom(ada);
    const base = messages(room.id);
    const attempts = [
      await call(base),
      await call(base, { method: "POST", body: { client_msg_id: "x", kind: "text", text: "hi" } }),
      await call(`${base}/1`, { method: "PATCH", body: { text: "x" } }),
      await call(`${base}/1`, { method: "DELETE" }),
      await call(`${base}/1/reactions/${encodeURIComponent("👍")}`, { method: "PUT" }),
      await call(`${base}/1/reactions/${encodeURIComponent("👍")}`, { method: "DELETE" }),
      await call(`${base}/1/vote`, { method: "PUT", body: { options: [0] } }),
      await call(`${base}/1/close`, { method: "POST" }),
      await call(`/api/rooms/${room.id}/read`, { method: "POST", body: { seq: 1 } }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
    }
  });
});
