import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ROOM_MEMBERS_ON_CREATE_MAX } from "../../schema/rooms";
import {
  addTo,
  call,
  fieldsOf,
  flushRoom,
  history,
  lastMessage,
  makeDirect,
  makeRoom,
  people,
  person,
  ROOM_FIELDS,
  roomList,
  say,
  setUserStatus,
  tick,
} from "./helpers";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const createRoom = (token: string | undefined, body: unknown) => call("/api/rooms", { method: "POST", token, body });
const openDirect = (token: string | undefined, body: unknown) => call("/api/rooms/direct", { method: "POST", token, body });

describe("POST /api/rooms", () => {
  it("creates a group whose creator is the owner, answering exactly the contract's room fields and peer", async () => {
    const [ada, bob] = await people(2);
    const res = await createRoom(ada.token, { kind: "group", title: "Book club", description: "Monthly", member_ids: [bob.id] });
    expect(res.status).toBe(201);
    const room = res.json.data;
    expect(Object.keys(room).sort()).toEqual(ROOM_FIELDS);
    expect(room).toMatchObject({
      kind: "group",
      title: "Book club",
      description: "Monthly",
      member_count: 2,
      my_role: "owner",
      // The room_created notice is seq 1, and its author has seen it.
      last_seq: 1,
      last_read_seq: 1,
      unread_count: 0,
      favorite: false,
      muted_until: null,
      peer: null,
    });
    expect(room.created_at).toMatch(ISO);
    const detail = (await call(`/api/rooms/${room.id}`, { token: ada.token })).json.data;
    expect(detail.members.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role])).toEqual([
      [ada.id, "owner"],
      [bob.id, "member"],
    ]);
    expect((await call(`/api/rooms/${room.id}`, { token: bob.token })).json.data.my_role).toBe("member");
  });

  it("creates a channel", async () => {
    const ada = await person();
    const res = await createRoom(ada.token, { kind: "channel", title: "News" });
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({ kind: "channel", title: "News", my_role: "owner", member_count: 1 });
  });

  it("announces the creation as system message seq 1 with a structured event", async () => {
    const ada = await person("Ada");
    const room = await makeRoom(ada, { title: "Book club" });
    const [first, ...rest] = await history(room.id, ada);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      seq: 1,
      kind: "system",
      sender_id: null,
      client_msg_id: null,
      system: { action: "room_created", actor_id: ada.id, user_id: null, value: "Book club" },
    });
    expect(first!.text).toContain("Book club");
  });

  it("trims the title and ignores the creator's own id and repeated ids in member_ids", async () => {
    const [ada, bob] = await people(2);
    const res = await createRoom(ada.token, { kind: "group", title: "  Trimmed  ", member_ids: [bob.id, bob.id, ada.id] });
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({ title: "Trimmed", member_count: 2, my_role: "owner" });
  });

  it.each([
    [{ kind: "direct", title: "x" }, "kind"],
    [{ kind: "system", title: "x" }, "kind"],
    [{ kind: "group" }, "title"],
    [{ kind: "group", title: "" }, "title"],
    [{ kind: "group", title: "   " }, "title"],
    [{ kind: "group", title: "x".repeat(101) }, "title"],
    [{ kind: "group", title: "x", description: "d".repeat(501) }, "description"],
    [{ kind: "group", title: "x", member_ids: "someone" }, "member_ids"],
    [{ kind: "group", title: "x", member_ids: Array.from({ length: 101 }, (_, i) => `u${i}`) }, "member_ids"],
    [{ kind: "group", title: "x", owner_id: "someone-else" }, "(body)"],
    [{ kind: "group", title: "x", id: "chosen-id" }, "(body)"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    const ada = await person();
    const res = await createRoom(ada.token, body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect(fieldsOf(res)).toContain(field);
    expect(await roomList(ada)).toEqual([]);
  });

  it("refuses member_ids naming an unknown, blocked or deleted person, naming member_ids, and creates nothing", async () => {
    const [ada, bob, blocked, deleted] = await people(4);
    await setUserStatus(blocked.id, "blocked");
    await setUserStatus(deleted.id, "deleted");
    for (const stranger of ["no-such-user", blocked.id, deleted.id]) {
      const res = await createRoom(ada.token, { kind: "group", title: "x", member_ids: [bob.id, stranger] });
      expect(res.status).toBe(400);
      expect(fieldsOf(res)).toEqual(["member_ids"]);
    }
    expect(await roomList(ada)).toEqual([]);
    expect(await roomList(bob)).toEqual([]);
  });

  it("creates a group with as many members as allowed, more than one statement may bind", async () => {
    const ada = await person();
    const others = await Promise.all(Array.from({ length: ROOM_MEMBERS_ON_CREATE_MAX }, () => person()));
    const res = await createRoom(ada.token, { kind: "group", title: "Everyone", member_ids: others.map((p) => p.id) });
    expect(res.status).toBe(201);
    expect(res.json.data.member_count).toBe(ROOM_MEMBERS_ON_CREATE_MAX + 1);
    expect((await roomList(others[ROOM_MEMBERS_ON_CREATE_MAX - 1]!)).map((room) => room.id)).toEqual([res.json.data.id]);
  });

  it("answers 401 without a token", async () => {
    const res = await createRoom(undefined, { kind: "group", title: "x" });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
  });
});

describe("POST /api/rooms/direct", () => {
  it("creates the pair's one room: 201 the first time, then 200 with the same id whoever opens it", async () => {
    const [ada, bob] = await people(2);
    const first = await openDirect(ada.token, { user_id: bob.id });
    expect(first.status).toBe(201);
    expect(Object.keys(first.json.data).sort()).toEqual(ROOM_FIELDS);
    const again = await openDirect(ada.token, { user_id: bob.id });
    const fromBob = await openDirect(bob.token, { user_id: ada.id });
    expect([again.status, fromBob.status]).toEqual([200, 200]);
    expect(again.json.data.id).toBe(first.json.data.id);
    expect(fromBob.json.data.id).toBe(first.json.data.id);
  });

  it("settles both people opening it at the same moment on one room", async () => {
    const [ada, bob] = await people(2);
    const both = await Promise.all([openDirect(ada.token, { user_id: bob.id }), openDirect(bob.token, { user_id: ada.id })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(both[0].json.data.id).toBe(both[1].json.data.id);
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM rooms WHERE kind = 'direct'").first<{ n: number }>();
    expect(rows!.n).toBe(1);
  });

  it("titles the room with the other person's display name and names them as peer", async () => {
    const ada = await person("Ada Lovelace");
    const bob = await person("Bob Babbage");
    const room = await makeDirect(ada, bob);
    expect(room).toMatchObject({ kind: "direct", title: "Bob Babbage", member_count: 2, my_role: "member", description: "" });
    expect(room.peer).toEqual(bob.user);
    const seenByBob = (await roomList(bob))[0]!;
    expect(seenByBob).toMatchObject({ id: room.id, title: "Ada Lovelace" });
    expect(seenByBob.peer!.id).toBe(ada.id);
  });

  it("refuses a direct room with yourself", async () => {
    const ada = await person();
    const res = await openDirect(ada.token, { user_id: ada.id });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(["user_id"]);
  });

  it("answers 404 for an unknown, blocked or deleted person and creates nothing", async () => {
    const [ada, blocked, deleted] = await people(3);
    await setUserStatus(blocked.id, "blocked");
    await setUserStatus(deleted.id, "deleted");
    for (const user_id of ["no-such-user", blocked.id, deleted.id]) {
      const res = await openDirect(ada.token, { user_id });
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
    expect(await roomList(ada)).toEqual([]);
  });

  it.each([[{}, "user_id"], [{ user_id: "" }, "user_id"], [{ user_id: 7 }, "user_id"], [{ user_id: "x", title: "mine" }, "(body)"]])(
    "answers 400 naming the field for %j",
    async (body, field) => {
      const ada = await person();
      const res = await openDirect(ada.token, body);
      expect(res.status).toBe(400);
      expect(fieldsOf(res)).toContain(field);
    },
  );

  it("answers 401 without a token", async () => {
    expect((await openDirect(undefined, { user_id: "x" })).status).toBe(401);
  });
});

describe("GET /api/rooms", () => {
  it("lists only the caller's rooms", async () => {
    const [ada, bob, eve] = await people(3);
    const shared = await makeRoom(ada, { member_ids: [bob.id] });
    const private_ = await makeRoom(eve, { title: "Eve's" });
    expect((await roomList(bob)).map((r) => r.id)).toEqual([shared.id]);
    expect((await roomList(eve)).map((r) => r.id)).toEqual([private_.id]);
    expect((await roomList(ada)).map((r) => r.id)).toEqual([shared.id]);
  });

  it("puts the room with the most recent activity first", async () => {
    const ada = await person();
    const first = await makeRoom(ada, { title: "first" });
    await tick();
    const second = await makeRoom(ada, { title: "second" });
    await tick();
    const third = await makeRoom(ada, { title: "third" });
    await Promise.all([first, second, third].map((r) => flushRoom(r.id)));
    expect((await roomList(ada)).map((r) => r.title)).toEqual(["third", "second", "first"]);
    await tick();
    await say(first.id, ada);
    await flushRoom(first.id);
    expect((await roomList(ada)).map((r) => r.title)).toEqual(["first", "third", "second"]);
  });

  it("counts unread messages exactly as last_seq minus the read cursor and shows the last message", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    await say(room.id, ada, "one");
    await say(room.id, ada, "two");
    await say(room.id, ada, "three");
    await flushRoom(room.id);
    let seen = (await roomList(bob))[0]!;
    expect(seen).toMatchObject({ last_seq: 4, last_read_seq: 0, unread_count: 4 });
    expect(seen.last_message).toMatchObject({ seq: 4, kind: "text", text: "three", sender_id: ada.id });

    await call(`/api/rooms/${room.id}/read`, { method: "POST", token: bob.token, body: { seq: 2 } });
    seen = (await roomList(bob))[0]!;
    expect(seen).toMatchObject({ last_seq: 4, last_read_seq: 2, unread_count: 2 });

    await call(`/api/rooms/${room.id}/read`, { method: "POST", token: bob.token, body: { seq: 4 } });
    expect((await roomList(bob))[0]).toMatchObject({ last_read_seq: 4, unread_count: 0 });

    await say(room.id, ada, "four");
    await flushRoom(room.id);
    seen = (await roomList(bob))[0]!;
    expect(seen).toMatchObject({ last_seq: 5, last_read_seq: 4, unread_count: 1 });
    expect(seen.last_message!.text).toBe("four");
  });

  it("answers 401 without a token", async () => {
    expect((await call("/api/rooms")).status).toBe(401);
  });
});

describe("GET /api/rooms/:id", () => {
  it("answers the room with its members, their roles and join times, longest-standing first", async () => {
    const [ada, bob, cy] = await people(3);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    await addTo(room.id, ada, cy, "admin");
    const res = await call(`/api/rooms/${room.id}`, { token: bob.token });
    expect(res.status).toBe(200);
    const detail = res.json.data;
    expect(Object.keys(detail).sort()).toEqual([...ROOM_FIELDS, "members"].sort());
    expect(detail).toMatchObject({ id: room.id, member_count: 3, my_role: "member" });
    expect(detail.members.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role])).toEqual([
      [ada.id, "owner"],
      [bob.id, "member"],
      [cy.id, "admin"],
    ]);
    for (const member of detail.members) {
      expect(Object.keys(member).sort()).toEqual(["joined_at", "role", "user"]);
      expect(member.joined_at).toMatch(ISO);
    }
    expect(detail.members[0].user).toEqual(ada.user);
  });

  it("answers the same 404 for a room the caller is not in as for one that does not exist", async () => {
    const [ada, eve] = await people(2);
    const room = await makeRoom(ada);
    const hidden = await call(`/api/rooms/${room.id}`, { token: eve.token });
    const missing = await call(`/api/rooms/${crypto.randomUUID()}`, { token: eve.token });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.json).toEqual(missing.json);
    expect(hidden.json.error.code).toBe("not_found");
  });

  it("answers 401 without a token", async () => {
    expect((await call(`/api/rooms/${crypto.randomUUID()}`)).status).toBe(401);
  });
});

describe("PATCH /api/rooms/:id", () => {
  const patch = (roomId: string, token: string, body: unknown) => call(`/api/rooms/${roomId}`, { method: "PATCH", token, body });

  it("lets the owner rename the room and announces it as room_renamed", async () => {
    const ada = await person();
    const room = await makeRoom(ada, { title: "Old" });
    const res = await patch(room.id, ada.token, { title: "New" });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json.data).sort()).toEqual(ROOM_FIELDS);
    expect(res.json.data).toMatchObject({ id: room.id, title: "New" });
    expect(await lastMessage(room.id, ada)).toMatchObject({
      seq: 2,
      kind: "system",
      system: { action: "room_renamed", actor_id: ada.id, user_id: null, value: "New" },
    });
  });

  it("lets an admin change the description and announces it as description_changed", async () => {
    const [ada, admin] = await people(2);
    const room = await makeRoom(ada);
    await addTo(room.id, ada, admin, "admin");
    const res = await patch(room.id, admin.token, { description: "About books" });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ title: "Room", description: "About books" });
    expect((await lastMessage(room.id, ada)).system).toMatchObject({ action: "description_changed", actor_id: admin.id });
  });

  it("announces nothing when nothing changes", async () => {
    const ada = await person();
    const room = await makeRoom(ada, { title: "Same" });
    expect((await patch(room.id, ada.token, { title: "Same", description: "" })).status).toBe(200);
    expect((await lastMessage(room.id, ada)).seq).toBe(1);
  });

  it("forbids a plain member and changes nothing", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { title: "Kept", member_ids: [bob.id] });
    const res = await patch(room.id, bob.token, { title: "Taken over" });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
    expect((await call(`/api/rooms/${room.id}`, { token: ada.token })).json.data.title).toBe("Kept");
    expect((await lastMessage(room.id, ada)).seq).toBe(1);
  });

  it("refuses to change a direct room", async () => {
    const [ada, bob] = await people(2);
    const room = await makeDirect(ada, bob);
    expect((await patch(room.id, ada.token, { title: "Ours" })).status).toBe(400);
  });

  it.each([
    [{}, "(body)"],
    [{ title: "" }, "title"],
    [{ title: "  " }, "title"],
    [{ title: "x".repeat(101) }, "title"],
    [{ title: 5 }, "title"],
    [{ description: "d".repeat(501) }, "description"],
    [{ title: "ok", kind: "channel" }, "(body)"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    const ada = await person();
    const room = await makeRoom(ada);
    const res = await patch(room.id, ada.token, body);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toContain(field);
  });

  it("answers 404 to someone outside the room and changes nothing", async () => {
    const [ada, eve] = await people(2);
    const room = await makeRoom(ada, { title: "Kept" });
    const res = await patch(room.id, eve.token, { title: "Pwned" });
    expect(res.status).toBe(404);
    expect((await call(`/api/rooms/${room.id}`, { token: ada.token })).json.data.title).toBe("Kept");
  });

  it("answers 401 without a token", async () => {
    expect((await call(`/api/rooms/x`, { method: "PATCH", body: { title: "x" } })).status).toBe(401);
  });
});

describe("PUT /api/rooms/:id/settings", () => {
  const settings = (roomId: string, token: string, body: unknown) =>
    call(`/api/rooms/${roomId}/settings`, { method: "PUT", token, body });

  it("marks a room favorite for the caller alone", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    const res = await settings(room.id, ada.token, { favorite: true });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json.data).sort()).toEqual(ROOM_FIELDS);
    expect(res.json.data).toMatchObject({ favorite: true, muted_until: null });
    expect((await roomList(ada))[0]!.favorite).toBe(true);
    expect((await roomList(bob))[0]!.favorite).toBe(false);
  });

  it("mutes until a time, answered in UTC, and unmutes with null", async () => {
    const ada = await person();
    const room = await makeRoom(ada);
    const muted = await settings(room.id, ada.token, { muted_until: "2030-01-01T00:00:00+02:00" });
    expect(muted.status).toBe(200);
    expect(muted.json.data.muted_until).toBe("2029-12-31T22:00:00.000Z");
    expect((await roomList(ada))[0]!.muted_until).toBe("2029-12-31T22:00:00.000Z");
    const unmuted = await settings(room.id, ada.token, { muted_until: null });
    expect(unmuted.json.data.muted_until).toBeNull();
  });

  it("leaves the setting that is not sent as it was", async () => {
    const ada = await person();
    const room = await makeRoom(ada);
    await settings(room.id, ada.token, { favorite: true });
    const res = await settings(room.id, ada.token, { muted_until: "2030-01-01T00:00:00Z" });
    expect(res.json.data).toMatchObject({ favorite: true, muted_until: "2030-01-01T00:00:00.000Z" });
  });

  it.each([
    [{}, "(body)"],
    [{ muted_until: "tomorrow" }, "muted_until"],
    [{ muted_until: "2030-01-01" }, "muted_until"],
    [{ muted_until: 1893456000000 }, "muted_until"],
    [{ favorite: "yes" }, "favorite"],
    [{ favorite: true, pinned: true }, "(body)"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    const ada = await person();
    const room = await makeRoom(ada);
    const res = await settings(room.id, ada.token, body);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toContain(field);
  });

  it("answers 404 to someone outside the room", async () => {
    const [ada, eve] = await people(2);
    const room = await makeRoom(ada);
    expect((await settings(room.id, eve.token, { favorite: true })).status).toBe(404);
  });

  it("answers 401 without a token", async () => {
    expect((await call(`/api/rooms/x/settings`, { method: "PUT", body: { favorite: true } })).status).toBe(401);
  });
});
