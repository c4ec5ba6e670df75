import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DataExport } from "../../schema/export";
import type { Room } from "../../worker/room/Room";
import { EXPORT_LIMIT } from "../../worker/routes/export";
import { ALLOWED } from "./fileFixtures";
import { addTo, call, makeRoom, people, say, sendMessage, setUserStatus, type Person } from "./helpers";

async function exportOf(who: Person) {
  const res = await call("/api/me/export", { token: who.token });
  expect(res.status).toBe(200);
  return { headers: res.headers, data: DataExport.parse(JSON.parse(res.text).data) };
}

async function upload(by: Person, name: string) {
  const fixture = ALLOWED.find((f) => f.name === name)!;
  const form = new FormData();
  form.append("file", new File([fixture.bytes], fixture.name));
  const res = await call("/api/uploads", { method: "POST", token: by.token, raw: form });
  expect(res.status).toBe(201);
  return res.json.data as { id: string; url: string };
}

describe("GET /api/me/export", () => {
  it("answers 401 without a token and 403 to a blocked account", async () => {
    const noToken = await call("/api/me/export");
    expect(noToken.status).toBe(401);
    expect(noToken.json.error.code).toBe("unauthorized");
    const [ada] = await people(1);
    await setUserStatus(ada.id, "blocked");
    expect((await call("/api/me/export", { token: ada.token })).status).toBe(403);
  });

  it("downloads as a JSON file named for the person and the day, never cached", async () => {
    const [ada] = await people(1);
    const { headers } = await exportOf(ada);
    expect(headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(headers.get("Content-Disposition")).toMatch(new RegExp(`^attachment; filename="parley-${ada.user.username}-\\d{4}-\\d{2}-\\d{2}\\.json"$`));
    expect(headers.get("Cache-Control")).toBe("no-store");
  });

  it("holds the profile, sessions, rooms with role and joined time, own files, and own messages with their state", async () => {
    const [ada, bob] = await people(2);
    const group = await makeRoom(ada, { title: "Book club", description: "Chapter 3" });
    await addTo(group.id, ada, bob);
    const bobsRoom = await makeRoom(bob, { title: "Bob's place" });
    await addTo(bobsRoom.id, bob, ada);

    const first = await say(group.id, ada, "first thought");
    const second = await say(group.id, ada, "second thought");
    await call(`/api/rooms/${group.id}/messages/${first.seq}`, { method: "PATCH", token: ada.token, body: { text: "first thought, revised" } });
    await call(`/api/rooms/${group.id}/messages/${second.seq}`, { method: "DELETE", token: ada.token });
    await say(bobsRoom.id, ada, "hello in Bob's place");
    const poll = await sendMessage(group.id, ada, { kind: "poll", poll: { question: "Next book?", options: ["Dune", "Emma"] } });
    expect(poll.status).toBe(201);
    const photo = await upload(ada, "diagram.png");
    expect((await sendMessage(group.id, ada, { kind: "image", upload_id: photo.id })).status).toBe(201);
    const unposted = await upload(ada, "notes.txt");

    const { data } = await exportOf(ada);
    expect(data.profile).toMatchObject({ id: ada.id, username: ada.user.username });
    expect(data.sessions).toEqual([expect.objectContaining({ device_name: "test", current: true, revoked_at: null })]);
    expect(data.rooms.map((room) => [room.title, room.role])).toEqual([
      ["Book club", "owner"],
      ["Bob's place", "member"],
    ]);
    expect(data.rooms[0]).toMatchObject({ kind: "group", description: "Chapter 3", joined_at: expect.any(String) });
    expect(data.files.map((file) => [file.id, file.url, file.room_id])).toEqual([
      [photo.id, photo.url, group.id],
      [unposted.id, unposted.url, null],
    ]);

    const inGroup = data.messages.filter((message) => message.room_id === group.id);
    expect(inGroup.map((message) => [message.kind, message.text, message.deleted])).toEqual([
      ["text", "first thought, revised", false],
      ["text", null, true],
      ["poll", null, false],
      ["image", null, false],
    ]);
    expect(inGroup[0]!.edited_at).not.toBeNull();
    expect(inGroup[2]!.poll).toEqual({ question: "Next book?", options: ["Dune", "Emma"], multiple: false, closed: false });
    expect(inGroup[3]!.attachment).toMatchObject({ upload_id: photo.id, url: photo.url });
    expect(data.messages.filter((message) => message.room_id === bobsRoom.id).map((message) => message.text)).toEqual(["hello in Bob's place"]);
  });

  it("leaves out everyone else's messages, reactions and votes, and other people's files", async () => {
    const [ada, bob, cyd] = await people(3);
    const shared = await makeRoom(ada, { member_ids: [bob.id] });
    const elsewhere = await makeRoom(cyd, { member_ids: [bob.id] });
    const mine = await say(shared.id, ada, "ada speaking");
    await say(shared.id, bob, "bob's secret in the shared room");
    await say(elsewhere.id, cyd, "cyd's words in a room ada is not in");
    await call(`/api/rooms/${shared.id}/messages/${mine.seq}/reactions/${encodeURIComponent("👍")}`, { method: "PUT", token: bob.token });
    await upload(bob, "diagram.png");

    const { data } = await exportOf(ada);
    const text = JSON.stringify(data);
    expect(data.messages.map((message) => message.text)).toEqual(["ada speaking"]);
    expect(text).not.toContain("bob's secret");
    expect(text).not.toContain("cyd's words");
    expect(text).not.toContain(bob.id);
    expect(data.rooms.map((room) => room.id)).toEqual([shared.id]);
    expect(data.files).toEqual([]);
  });

  it("reads a long history page by page, in order, past the room's scan windows", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    const stub = env.ROOM.get(env.ROOM.idFromName(room.id));
    // 12,000 messages, one in three Ada's: more than one page of hers (500) and more than
    // two windows of the room (5,000 seqs) to read.
    const base = await runInDurableObject(stub, (_room: Room, state) => {
      const last = state.storage.sql.exec<{ seq: number }>("SELECT coalesce(max(seq), 0) AS seq FROM messages").one().seq;
      state.storage.sql.exec(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
         INSERT INTO messages (seq, sender_id, client_msg_id, kind, text, created_at)
         SELECT ?1 + i, CASE WHEN i % 3 = 0 THEN ?2 ELSE ?3 END, 'seed-' || i, 'text', 'line ' || i, 1700000000000 + i FROM n`,
        last,
        ada.id,
        bob.id,
      );
      return last;
    });
    await evictDurableObject(stub);

    const { data } = await exportOf(ada);
    const seqs = data.messages.map((message) => message.seq);
    expect(seqs).toHaveLength(4000);
    expect(seqs).toEqual(Array.from({ length: 4000 }, (_, i) => base + (i + 1) * 3));
    expect(data.messages.at(-1)!.text).toBe("line 12000");
  });

  it(`allows ${EXPORT_LIMIT} exports an hour, then answers 429 with Retry-After`, async () => {
    const [ada, bob] = await people(2);
    for (let i = 0; i < EXPORT_LIMIT; i++) expect((await call("/api/me/export", { token: ada.token })).status).toBe(200);
    const refused = await call("/api/me/export", { token: ada.token });
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe("rate_limited");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await call("/api/me/export", { token: bob.token })).status).toBe(200);
  });
});
