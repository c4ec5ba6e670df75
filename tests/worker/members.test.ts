import { describe, expect, it } from "vitest";
import type { Person } from "./helpers";
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
  roomList,
  say,
  sendMessage,
  setUserStatus,
  tick,
} from "./helpers";

const add = (roomId: string, by: Person, body: unknown) => call(`/api/rooms/${roomId}/members`, { method: "POST", token: by.token, body });
const remove = (roomId: string, by: Person, userId: string) =>
  call(`/api/rooms/${roomId}/members/${userId}`, { method: "DELETE", token: by.token });
const detail = async (roomId: string, by: Person) => (await call(`/api/rooms/${roomId}`, { token: by.token })).json.data;
const roles = async (roomId: string, by: Person) =>
  Object.fromEntries((await detail(roomId, by)).members.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role]));

describe("POST /api/rooms/:id/members", () => {
  it("lets the owner add a member and an admin, announcing each as member_added", async () => {
    const [ada, bob, cy] = await people(3);
    const room = await makeRoom(ada);
    const res = await add(room.id, ada, { user_id: bob.id });
    expect(res.status).toBe(201);
    expect(Object.keys(res.json.data).sort()).toEqual(["joined_at", "role", "user"]);
    expect(res.json.data).toMatchObject({ user: bob.user, role: "member" });
    expect(await lastMessage(room.id, ada)).toMatchObject({
      kind: "system",
      system: { action: "member_added", actor_id: ada.id, user_id: bob.id, value: null },
    });
    const admin = await add(room.id, ada, { user_id: cy.id, role: "admin" });
    expect(admin.status).toBe(201);
    expect(admin.json.data.role).toBe("admin");
    expect(await roles(room.id, ada)).toEqual({ [ada.id]: "owner", [bob.id]: "member", [cy.id]: "admin" });
    expect((await roomList(cy)).map((r) => [r.id, r.my_role])).toEqual([[room.id, "admin"]]);
  });

  it("lets an admin add a member but not an admin", async () => {
    const [ada, admin, bob, cy] = await people(4);
    const room = await makeRoom(ada);
    await addTo(room.id, ada, admin, "admin");
    expect((await add(room.id, admin, { user_id: bob.id })).status).toBe(201);
    const res = await add(room.id, admin, { user_id: cy.id, role: "admin" });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
    expect(await roomList(cy)).toEqual([]);
  });

  it("forbids a plain member from adding anyone", async () => {
    const [ada, bob, cy] = await people(3);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    expect((await add(room.id, bob, { user_id: cy.id })).status).toBe(403);
    expect(await roomList(cy)).toEqual([]);
  });

  it("answers 409 for someone already in the room and leaves their role alone", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    const res = await add(room.id, ada, { user_id: bob.id, role: "admin" });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict");
    expect((await roles(room.id, ada))[bob.id]).toBe("member");
  });

  it("answers 404 for an unknown, blocked or deleted person", async () => {
    const [ada, blocked, deleted] = await people(3);
    const room = await makeRoom(ada);
    await setUserStatus(blocked.id, "blocked");
    await setUserStatus(deleted.id, "deleted");
    for (const user_id of ["no-such-user", blocked.id, deleted.id]) {
      expect((await add(room.id, ada, { user_id })).status).toBe(404);
    }
    expect((await detail(room.id, ada)).member_count).toBe(1);
  });

  it("refuses to add anyone to a direct room", async () => {
    const [ada, bob, cy] = await people(3);
    const room = await makeDirect(ada, bob);
    expect((await add(room.id, ada, { user_id: cy.id })).status).toBe(400);
    expect(await roomList(cy)).toEqual([]);
  });

  it.each([
    [{}, "user_id"],
    [{ user_id: "x", role: "owner" }, "role"],
    [{ user_id: "x", role: "god" }, "role"],
    [{ user_id: "x", joined_at: "2000-01-01T00:00:00Z" }, "(body)"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    const [ada] = await people(1);
    const room = await makeRoom(ada);
    const res = await add(room.id, ada, body);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toContain(field);
  });

  it("answers 404 to someone outside the room trying to add themself", async () => {
    const [ada, eve] = await people(2);
    const room = await makeRoom(ada);
    expect((await add(room.id, eve, { user_id: eve.id })).status).toBe(404);
    expect(await roomList(eve)).toEqual([]);
  });

  it("answers 401 without a token", async () => {
    expect((await call("/api/rooms/x/members", { method: "POST", body: { user_id: "x" } })).status).toBe(401);
  });
});

describe("DELETE /api/rooms/:id/members/:user_id", () => {
  it("lets an admin remove a member, announced as member_removed", async () => {
    const [ada, admin, bob] = await people(3);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    await addTo(room.id, ada, admin, "admin");
    const res = await remove(room.id, admin, bob.id);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: null });
    expect(await lastMessage(room.id, ada)).toMatchObject({
      kind: "system",
      system: { action: "member_removed", actor_id: admin.id, user_id: bob.id },
    });
    expect(Object.keys(await roles(room.id, ada))).not.toContain(bob.id);
  });

  it("forbids an admin from removing another admin or the owner", async () => {
    const [ada, admin, other] = await people(3);
    const room = await makeRoom(ada);
    await addTo(room.id, ada, admin, "admin");
    await addTo(room.id, ada, other, "admin");
    expect((await remove(room.id, admin, other.id)).status).toBe(403);
    expect((await remove(room.id, admin, ada.id)).status).toBe(403);
    expect(await roles(room.id, ada)).toEqual({ [ada.id]: "owner", [admin.id]: "admin", [other.id]: "admin" });
  });

  it("lets the owner remove an admin", async () => {
    const [ada, admin] = await people(2);
    const room = await makeRoom(ada);
    await addTo(room.id, ada, admin, "admin");
    expect((await remove(room.id, ada, admin.id)).status).toBe(200);
    expect(await roles(room.id, ada)).toEqual({ [ada.id]: "owner" });
  });

  it("forbids a plain member from removing anyone else", async () => {
    const [ada, bob, cy] = await people(3);
    const room = await makeRoom(ada, { member_ids: [bob.id, cy.id] });
    expect((await remove(room.id, bob, cy.id)).status).toBe(403);
    expect((await remove(room.id, bob, ada.id)).status).toBe(403);
    expect((await detail(room.id, ada)).member_count).toBe(3);
  });

  it("lets anyone leave, announced as member_left", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    expect((await remove(room.id, bob, bob.id)).status).toBe(200);
    expect(await lastMessage(room.id, ada)).toMatchObject({
      kind: "system",
      system: { action: "member_left", actor_id: bob.id, user_id: bob.id },
    });
    expect(await roomList(bob)).toEqual([]);
  });

  it("answers 404 for someone who is not in the room", async () => {
    const [ada, eve] = await people(2);
    const room = await makeRoom(ada);
    expect((await remove(room.id, ada, eve.id)).status).toBe(404);
    expect((await remove(room.id, ada, "no-such-user")).status).toBe(404);
  });

  it("lets either person leave a direct room, but nobody remove the other", async () => {
    const [ada, bob] = await people(2);
    const room = await makeDirect(ada, bob);
    expect((await remove(room.id, ada, bob.id)).status).toBe(400);
    expect((await remove(room.id, bob, bob.id)).status).toBe(200);
    expect(await roomList(bob)).toEqual([]);
    expect((await roomList(ada)).map((r) => r.id)).toEqual([room.id]);
  });

  it("answers 404 to someone outside the room and removes nobody", async () => {
    const [ada, bob, eve] = await people(3);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    expect((await remove(room.id, eve, bob.id)).status).toBe(404);
    expect((await detail(room.id, ada)).member_count).toBe(2);
  });

  it("answers 401 without a token", async () => {
    expect((await call("/api/rooms/x/members/y", { method: "DELETE" })).status).toBe(401);
  });
});

describe("when the owner leaves", () => {
  it("ownership passes to the longest-standing admin, announced as owner_changed", async () => {
    const [ada, bob, first, second] = await people(4);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    await tick();
    await addTo(room.id, ada, first, "admin");
    await tick();
    await addTo(room.id, ada, second, "admin");
    expect((await remove(room.id, ada, ada.id)).status).toBe(200);
    expect(await roles(room.id, bob)).toEqual({ [bob.id]: "member", [first.id]: "owner", [second.id]: "admin" });
    expect((await detail(room.id, first)).my_role).toBe("owner");
    const [left, changed] = (await history(room.id, bob)).slice(-2);
    expect(left!.system).toMatchObject({ action: "member_left", user_id: ada.id });
    expect(changed!.system).toEqual({ action: "owner_changed", actor_id: null, user_id: first.id, value: null });
  });

  it("ownership passes to the longest-standing member when there is no admin", async () => {
    const [ada, bob, cy] = await people(3);
    const room = await makeRoom(ada, { member_ids: [bob.id, cy.id] });
    await remove(room.id, ada, ada.id);
    expect(await roles(room.id, cy)).toEqual({ [bob.id]: "owner", [cy.id]: "member" });
    expect((await lastMessage(room.id, cy)).system).toMatchObject({ action: "owner_changed", user_id: bob.id });
  });

  it("the new owner holds every owner right", async () => {
    const [ada, bob, cy] = await people(3);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    await remove(room.id, ada, ada.id);
    expect((await add(room.id, bob, { user_id: cy.id, role: "admin" })).status).toBe(201);
    expect((await remove(room.id, bob, cy.id)).status).toBe(200);
  });
});

describe("when the last member leaves", () => {
  it("the room is archived: it answers 404, leaves every list and its invite links stop working", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada);
    const invite = (await call(`/api/rooms/${room.id}/invites`, { method: "POST", token: ada.token, body: {} })).json.data;
    expect((await remove(room.id, ada, ada.id)).status).toBe(200);
    expect((await call(`/api/rooms/${room.id}`, { token: ada.token })).status).toBe(404);
    expect(await roomList(ada)).toEqual([]);
    expect((await call(`/api/invites/${invite.token}`)).status).toBe(404);
    expect((await call(`/api/invites/${invite.token}/join`, { method: "POST", token: bob.token })).status).toBe(404);
    expect(await roomList(bob)).toEqual([]);
  });
});

describe("a removed member", () => {
  it("loses the room at once: history, sending and its details answer 404, and they are no longer a member", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    await say(room.id, bob, "before");
    await remove(room.id, ada, bob.id);
    for (const res of [
      await call(`/api/rooms/${room.id}/messages`, { token: bob.token }),
      await sendMessage(room.id, bob, { kind: "text", text: "still here?" }),
      await call(`/api/rooms/${room.id}`, { token: bob.token }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
    expect(await roomList(bob)).toEqual([]);
    const seen = await detail(room.id, ada);
    expect(seen.member_count).toBe(1);
    expect(seen.members.map((m: { user: { id: string } }) => m.user.id)).toEqual([ada.id]);
    expect((await history(room.id, ada)).some((m) => m.text === "still here?")).toBe(false);
  });
});

describe("a member who leaves and comes back", () => {
  it("has one read cursor: what POST /read answers is what the room list counts from", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    for (const text of ["a", "b", "c", "d"]) await say(room.id, ada, text);
    await call(`/api/rooms/${room.id}/read`, { method: "POST", token: bob.token, body: { seq: 5 } });
    await remove(room.id, bob, bob.id);
    await addTo(room.id, ada, bob);
    const read = await call(`/api/rooms/${room.id}/read`, { method: "POST", token: bob.token, body: { seq: 3 } });
    expect(read.status).toBe(200);
    await flushRoom(room.id);
    const listed = (await roomList(bob))[0]!;
    expect(listed.last_read_seq).toBe(read.json.data.last_read_seq);
    expect(listed.unread_count).toBe(listed.last_seq - read.json.data.last_read_seq);
  });
});
