import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { MessageHit, SearchResults } from "../../schema/search";
import type { Room } from "../../worker/room/Room";
import { RoomStore } from "../../worker/room/store";
import type { Person } from "./helpers";
import { addTo, call, fieldsOf, makeDirect, makeRoom, people, person, say, sendMessage } from "./helpers";

const search = (by: Person, params: Record<string, string | number>) =>
  call(`/api/search?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`, { token: by.token });

async function found(by: Person, params: Record<string, string | number>): Promise<SearchResults> {
  const res = await search(by, params);
  if (res.status !== 200) throw new Error(`search failed: ${res.status} ${res.text}`);
  return res.json.data;
}

const texts = (hits: MessageHit[]) => hits.map((hit) => hit.message.text);
const marked = (hit: MessageHit) => hit.highlight.filter((segment) => segment.match).map((segment) => segment.text);

/** A direct room between two people: no system messages in it. */
async function pair() {
  const [ada, bob] = await people(2);
  const room = await makeDirect(ada, bob);
  return { ada, bob, room };
}

const edit = (roomId: string, by: Person, seq: number, text: string) =>
  call(`/api/rooms/${roomId}/messages/${seq}`, { method: "PATCH", token: by.token, body: { text } });
const remove = (roomId: string, by: Person, seq: number) => call(`/api/rooms/${roomId}/messages/${seq}`, { method: "DELETE", token: by.token });
const leave = (roomId: string, who: Person) => call(`/api/rooms/${roomId}/members/${who.id}`, { method: "DELETE", token: who.token });

describe("GET /api/search: finding messages", () => {
  it("ranks a message that matches more of the words, and rarer ones, above one that matches fewer", async () => {
    const { ada, room } = await pair();
    await say(room.id, ada, "the weather is nice");
    await say(room.id, ada, "release notes for the deploy are ready");
    await say(room.id, ada, "the deploy went fine");
    await say(room.id, ada, "the cat sat on the mat");
    const results = await found(ada, { q: "release deploy" });
    expect(texts(results.messages)).toEqual(["release notes for the deploy are ready", "the deploy went fine"]);
  });

  it("marks the matched words in the excerpt as segments of plain text", async () => {
    const { ada, room } = await pair();
    await say(room.id, ada, "Meet me at the <b>Café</b> tomorrow, café is open");
    const [hit] = (await found(ada, { q: "cafe" })).messages;
    expect(hit!.highlight.map((segment) => segment.text).join("")).toBe("Meet me at the <b>Café</b> tomorrow, café is open");
    expect(marked(hit!)).toEqual(["Café", "café"]);
    expect(hit!.message).toMatchObject({ room_id: room.id, seq: 1, sender_id: ada.id });
  });

  it("treats a word as the start of longer words, and a quoted phrase as exact", async () => {
    const { ada, room } = await pair();
    await say(room.id, ada, "deployment finished");
    await say(room.id, ada, "quick brown fox");
    await say(room.id, ada, "brown quick fox");
    expect(texts((await found(ada, { q: "deploy" })).messages)).toEqual(["deployment finished"]);
    expect(texts((await found(ada, { q: '"quick brown"' })).messages)).toEqual(["quick brown fox"]);
  });

  it("finds Korean words with their particles attached", async () => {
    const { ada, room } = await pair();
    await say(room.id, ada, "내일 회의는 취소되었습니다");
    await say(room.id, ada, "점심 뭐 먹을까요");
    const results = await found(ada, { q: "회의" });
    expect(texts(results.messages)).toEqual(["내일 회의는 취소되었습니다"]);
    expect(marked(results.messages[0]!)).toEqual(["회의는"]);
  });

  it("finds poll questions and options, and does not find system notices", async () => {
    const ada = await person();
    const room = await makeRoom(ada, { title: "Planning" });
    const poll = await sendMessage(room.id, ada, { kind: "poll", poll: { question: "Where to go?", options: ["Seaside", "Mountains"] } });
    expect(poll.status).toBe(201);
    expect((await found(ada, { q: "seaside" })).messages.map((hit) => hit.message.kind)).toEqual(["poll"]);
    // The room's creation notice names it "Planning"; notices are not messages anyone wrote.
    expect((await found(ada, { q: "planning", room_id: room.id })).messages).toEqual([]);
  });

  it("reflects an edit at once: the old words no longer find it, the new ones do", async () => {
    const { ada, room } = await pair();
    const message = await say(room.id, ada, "lunch at noon");
    expect((await edit(room.id, ada, message.seq, "dinner at eight")).status).toBe(200);
    expect((await found(ada, { q: "lunch" })).messages).toEqual([]);
    const [hit] = (await found(ada, { q: "dinner" })).messages;
    expect(hit!.message).toMatchObject({ seq: message.seq, text: "dinner at eight" });
    expect(hit!.message.edited_at).not.toBeNull();
  });

  it("never finds a deleted message", async () => {
    const { ada, bob, room } = await pair();
    const gone = await say(room.id, ada, "secret plan alpha");
    await say(room.id, bob, "public plan beta");
    expect((await remove(room.id, ada, gone.seq)).status).toBe(200);
    expect(texts((await found(bob, { q: "plan" })).messages)).toEqual(["public plan beta"]);
    expect((await found(bob, { q: "secret" })).messages).toEqual([]);
  });

  it("pages through every match exactly once, in the same order as one long page", async () => {
    const ada = await person();
    const rooms = [await makeRoom(ada, { title: "One" }), await makeRoom(ada, { title: "Two" }), await makeRoom(ada, { title: "Three" })];
    const sent: string[] = [];
    for (let i = 0; i < 21; i++) {
      // Repeats of the word and longer messages give a spread of scores, with ties.
      const text = `${"needle ".repeat(1 + (i % 3))}number ${i}${" filler".repeat(i % 4)}`;
      await say(rooms[i % 3]!.id, ada, text);
      sent.push(text);
    }
    const whole = await found(ada, { q: "needle", limit: 50 });
    expect(whole.messages).toHaveLength(21);
    expect(whole.next_cursor).toBeNull();
    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: SearchResults = await found(ada, { q: "needle", limit: 4, ...(cursor ? { cursor } : {}) });
      expect(page.messages.length).toBeLessThanOrEqual(4);
      paged.push(...page.messages.map((hit) => hit.message.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(6);
    expect(paged).toEqual(whole.messages.map((hit) => hit.message.id));
    expect(new Set(texts(whole.messages))).toEqual(new Set(sent));
  });

  it("narrows the search to one room with room_id", async () => {
    const ada = await person();
    const first = await makeRoom(ada, { title: "First" });
    const second = await makeRoom(ada, { title: "Second" });
    await say(first.id, ada, "budget draft");
    await say(second.id, ada, "budget final");
    expect(texts((await found(ada, { q: "budget", room_id: second.id })).messages)).toEqual(["budget final"]);
    expect((await found(ada, { q: "budget" })).messages).toHaveLength(2);
  });
});

describe("GET /api/search: who may find what", () => {
  it("never answers a message from a room the caller is not in", async () => {
    const [ada, bob, eve] = await people(3);
    const theirs = await makeDirect(ada, bob);
    const hers = await makeDirect(eve, ada);
    await say(theirs.id, ada, "the vault code is 1234");
    await say(hers.id, eve, "what is the vault code");
    const results = await found(eve, { q: "vault code" });
    expect(results.messages.map((hit) => hit.message.room_id)).toEqual([hers.id]);
  });

  it("answers 404 to someone naming a room they are not in, exactly as for a room that does not exist", async () => {
    const [ada, bob, eve] = await people(3);
    const room = await makeDirect(ada, bob);
    await say(room.id, ada, "the vault code is 1234");
    const foreign = await search(eve, { q: "vault", room_id: room.id });
    const missing = await search(eve, { q: "vault", room_id: "no-such-room" });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.json).toEqual(missing.json);
  });

  it("finds nothing from a room the caller has left, not even what was said while they were there", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { title: "Team" });
    await addTo(room.id, ada, bob);
    await say(room.id, ada, "roadmap for spring");
    expect((await found(bob, { q: "roadmap" })).messages).toHaveLength(1);
    expect((await leave(room.id, bob)).status).toBe(200);
    await say(room.id, ada, "roadmap for summer");
    expect((await found(bob, { q: "roadmap" })).messages).toEqual([]);
    expect((await search(bob, { q: "roadmap", room_id: room.id })).status).toBe(404);
  });

  it("lets a member who joined later find what was said before, as the room's history shows it", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { title: "Team" });
    await say(room.id, ada, "onboarding checklist");
    await addTo(room.id, ada, bob);
    expect(texts((await found(bob, { q: "onboarding" })).messages)).toEqual(["onboarding checklist"]);
  });

  it("answers 401 without a token", async () => {
    expect((await call("/api/search?q=hello")).status).toBe(401);
  });
});

describe("GET /api/search: people and rooms", () => {
  it("lists people and the caller's own rooms whose names match, beside the messages", async () => {
    const ada = await person("Ada");
    const bob = await person("Marco Polo");
    const stranger = await person("Stranger");
    const mine = await makeRoom(ada, { title: "Polo club" });
    await makeRoom(stranger, { title: "Polo secrets" });
    await say(mine.id, ada, "polo on sunday");
    const results = await found(ada, { q: "polo" });
    expect(results.people.map((user) => user.id)).toEqual([bob.id]);
    expect(results.rooms.map((room) => room.id)).toEqual([mine.id]);
    expect(texts(results.messages)).toEqual(["polo on sunday"]);
  });

  it("lists names on the first page only, and not when searching one room", async () => {
    const ada = await person("Ada Polo");
    const room = await makeRoom(ada, { title: "Polo" });
    for (let i = 0; i < 3; i++) await say(room.id, ada, `polo ${i}`);
    const first = await found(ada, { q: "polo", limit: 2 });
    expect(first.people).toHaveLength(1);
    expect(first.rooms).toHaveLength(1);
    const second = await found(ada, { q: "polo", limit: 2, cursor: first.next_cursor! });
    expect(second.people).toEqual([]);
    expect(second.rooms).toEqual([]);
    const inRoom = await found(ada, { q: "polo", room_id: room.id });
    expect(inRoom.people).toEqual([]);
    expect(inRoom.rooms).toEqual([]);
  });
});

describe("GET /api/search: bad input", () => {
  it("answers 400 naming the field for a missing, blank or too long query, a bad limit or an unknown parameter", async () => {
    const ada = await person();
    const cases: [Record<string, string | number>, string][] = [
      [{}, "q"],
      [{ q: "   " }, "q"],
      [{ q: "x".repeat(201) }, "q"],
      [{ q: "hi", limit: 0 }, "limit"],
      [{ q: "hi", limit: 51 }, "limit"],
      [{ q: "hi", limit: "many" }, "limit"],
      [{ q: "hi", room_id: "" }, "room_id"],
    ];
    for (const [params, field] of cases) {
      const res = await search(ada, params);
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
      expect(fieldsOf(res)).toContain(field);
    }
    const unknown = await search(ada, { q: "hi", sort: "date" });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toContain("sort");
  });

  it("answers 400 for a cursor that is garbage or belongs to another search", async () => {
    const { ada, room } = await pair();
    for (let i = 0; i < 3; i++) await say(room.id, ada, `apple ${i}`);
    const { next_cursor } = await found(ada, { q: "apple", limit: 1 });
    expect(next_cursor).not.toBeNull();
    const cases: Record<string, string>[] = [
      { q: "apple", cursor: "not-a-cursor" },
      { q: "apple", cursor: btoa(JSON.stringify({ k: "x", s: 0, r: room.id, n: 1 })) },
      { q: "banana", cursor: next_cursor! },
      { q: "apple", room_id: room.id, cursor: next_cursor! },
    ];
    for (const params of cases) {
      const res = await search(ada, params);
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(fieldsOf(res)).toEqual(["cursor"]);
    }
  });

  it("never lets search syntax through: quotes, operators and symbols answer 200, found as plain words", async () => {
    const { ada, room } = await pair();
    await say(room.id, ada, "NEAR the (old) mill: AND OR NOT -minus *star* \"quoted\" body:column ^caret {a b}");
    const queries = [
      '"', '""', '"unclosed', 'a"b"c"', "*", "mill*", "-mill", "NOT", "AND", "OR mill", "NEAR(mill the)", "NEAR/2",
      "(", ")", "(mill", "body:mill", "^mill", "{a b}: mill", "mill + the", "'; DROP TABLE messages; --", "\\", "%_",
      "🎉", "\u0000", "\u0002mill\u0003", "é", "日本語", "ㅋㅋㅋ", "a".repeat(96), "a".repeat(97), "a".repeat(200), Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "),
    ];
    for (const q of queries) {
      const res = await search(ada, { q });
      expect([200, 400], JSON.stringify(q)).toContain(res.status);
    }
    expect(texts((await found(ada, { q: "NEAR( (old)" })).messages)).toHaveLength(1);
    expect(texts((await found(ada, { q: '"quoted" -minus' })).messages)).toHaveLength(1);
  });
});

describe("rooms that had messages before the index existed", () => {
  it("index them when the room starts, edits and deletes since included, and a search finds them", async () => {
    const { ada, room } = await pair();
    for (let i = 1; i <= 5; i++) await say(room.id, ada, `archive entry ${i}`);
    const stub = env.ROOM.get(env.ROOM.idFromName(room.id));
    // As a room written before search existed looks when it starts: messages, no index.
    await runInDurableObject(stub, (_room: Room, state) => {
      state.storage.sql.exec("DROP TABLE message_index");
      state.storage.sql.exec("DELETE FROM meta WHERE key LIKE 'search_%'");
      new RoomStore(state.storage.sql);
    });
    expect((await edit(room.id, ada, 2, "archive entry two, edited")).status).toBe(200);
    expect((await remove(room.id, ada, 3)).status).toBe(200);
    await say(room.id, ada, "archive entry new");
    const results = await found(ada, { q: "archive", limit: 50 });
    expect(texts(results.messages).sort()).toEqual(
      ["archive entry 1", "archive entry two, edited", "archive entry 4", "archive entry 5", "archive entry new"].sort(),
    );
    expect(results.partial).toBe(false);
    const left = await runInDurableObject(stub, (_room: Room, state) =>
      state.storage.sql.exec("SELECT count(*) AS n FROM meta WHERE key = 'search_backfill_below'").one().n,
    );
    expect(left).toBe(0);
  });
});
