import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Person } from "./helpers";
import { addTo, call, fieldsOf, history, makeDirect, makeRoom, people, ORIGIN, roomList, ROOM_FIELDS } from "./helpers";

const createInvite = (roomId: string, by: Person, body: unknown = {}) =>
  call(`/api/rooms/${roomId}/invites`, { method: "POST", token: by.token, body });
const preview = (token: string) => call(`/api/invites/${token}`);
const join = (token: string, by?: Person) => call(`/api/invites/${token}/join`, { method: "POST", token: by?.token });

async function inviteFor(roomId: string, by: Person, body: unknown = {}): Promise<string> {
  const res = await createInvite(roomId, by, body);
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${res.text}`);
  return res.json.data.token;
}

describe("POST /api/rooms/:id/invites", () => {
  it("gives the owner a link with its token, url, expiry and use limit", async () => {
    const [ada] = await people(1);
    const room = await makeRoom(ada);
    const before = Date.now();
    const res = await createInvite(room.id, ada, { expires_in_seconds: 3600, max_uses: 5 });
    expect(res.status).toBe(201);
    const invite = res.json.data;
    expect(Object.keys(invite).sort()).toEqual(["expires_at", "max_uses", "token", "url"]);
    expect(invite.token).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(invite.url).toBe(`${ORIGIN}/join/${invite.token}`);
    expect(invite.max_uses).toBe(5);
    const expires = Date.parse(invite.expires_at);
    expect(expires).toBeGreaterThanOrEqual(before + 3600_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3600_000);
  });

  it("defaults to a week and unlimited uses", async () => {
    const [ada] = await people(1);
    const room = await makeRoom(ada);
    const before = Date.now();
    const invite = (await createInvite(room.id, ada)).json.data;
    expect(invite.max_uses).toBeNull();
    const week = 7 * 24 * 3600_000;
    expect(Date.parse(invite.expires_at)).toBeGreaterThanOrEqual(before + week);
    expect(Date.parse(invite.expires_at)).toBeLessThanOrEqual(Date.now() + week);
  });

  it("stores only the token's hash", async () => {
    const [ada] = await people(1);
    const room = await makeRoom(ada);
    const token = await inviteFor(room.id, ada);
    const row = await env.DB.prepare("SELECT token_hash FROM invites").first<{ token_hash: string }>();
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.token_hash).not.toContain(token);
  });

  it("lets an admin create one and forbids a plain member", async () => {
    const [ada, admin, bob] = await people(3);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    await addTo(room.id, ada, admin, "admin");
    expect((await createInvite(room.id, admin)).status).toBe(201);
    const res = await createInvite(room.id, bob);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
  });

  it("refuses a link to a direct room", async () => {
    const [ada, bob] = await people(2);
    const room = await makeDirect(ada, bob);
    expect((await createInvite(room.id, ada)).status).toBe(400);
  });

  it.each([
    [{ expires_in_seconds: 59 }, "expires_in_seconds"],
    [{ expires_in_seconds: 30 * 24 * 3600 + 1 }, "expires_in_seconds"],
    [{ expires_in_seconds: 90.5 }, "expires_in_seconds"],
    [{ expires_in_seconds: "3600" }, "expires_in_seconds"],
    [{ max_uses: 0 }, "max_uses"],
    [{ max_uses: -1 }, "max_uses"],
    [{ max_uses: 1.5 }, "max_uses"],
    [{ max_uses: 10_001 }, "max_uses"],
    [{ uses: 0 }, "(body)"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    const [ada] = await people(1);
    const room = await makeRoom(ada);
    const res = await createInvite(room.id, ada, body);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toContain(field);
  });

  it("answers 404 to someone outside the room", async () => {
    const [ada, eve] = await people(2);
    const room = await makeRoom(ada);
    expect((await createInvite(room.id, eve)).status).toBe(404);
  });

  it("answers 401 without a token", async () => {
    expect((await call("/api/rooms/x/invites", { method: "POST", body: {} })).status).toBe(401);
  });
});

describe("GET /api/invites/:token", () => {
  it("previews the room without an account: its id, kind, title and member count only", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { title: "Book club", description: "secret plans", member_ids: [bob.id] });
    const res = await preview(await inviteFor(room.id, ada));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { room: { id: room.id, kind: "group", title: "Book club", member_count: 2 } } });
  });

  it("answers 404 once the invite has expired", async () => {
    const [ada] = await people(1);
    const room = await makeRoom(ada);
    const token = await inviteFor(room.id, ada);
    await env.DB.prepare("UPDATE invites SET expires_at = ?").bind(Date.now() - 1).run();
    expect((await preview(token)).status).toBe(404);
  });

  it("answers 404 once the invite is used up", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada);
    const token = await inviteFor(room.id, ada, { max_uses: 1 });
    expect((await join(token, bob)).status).toBe(200);
    expect((await preview(token)).status).toBe(404);
  });

  it("answers 404 for an unknown token and 400 for a malformed one", async () => {
    expect((await preview("A".repeat(22))).status).toBe(404);
    const short = await preview("short");
    expect(short.status).toBe(400);
    expect(fieldsOf(short)).toEqual(["token"]);
    expect((await preview("x".repeat(65))).status).toBe(400);
  });
});

describe("POST /api/invites/:token/join", () => {
  it("makes the caller a member and answers the room, announced as member_joined", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { title: "Book club" });
    const res = await join(await inviteFor(room.id, ada), bob);
    expect(res.status).toBe(200);
    expect(Object.keys(res.json.data).sort()).toEqual(ROOM_FIELDS);
    expect(res.json.data).toMatchObject({ id: room.id, title: "Book club", my_role: "member", member_count: 2 });
    expect((await roomList(bob)).map((r) => r.id)).toEqual([room.id]);
    const last = (await history(room.id, bob)).at(-1)!;
    expect(last).toMatchObject({ kind: "system", system: { action: "member_joined", actor_id: bob.id, user_id: bob.id } });
  });

  it("does not take a use when someone already in the room follows the link again", async () => {
    const [ada, bob, cy] = await people(3);
    const room = await makeRoom(ada);
    const token = await inviteFor(room.id, ada, { max_uses: 2 });
    expect((await join(token, bob)).status).toBe(200);
    expect((await join(token, bob)).status).toBe(200);
    expect((await join(token, ada)).status).toBe(200);
    expect((await join(token, cy)).status).toBe(200);
    expect((await call(`/api/rooms/${room.id}`, { token: ada.token })).json.data.member_count).toBe(3);
    const joined = (await history(room.id, ada)).filter((m) => m.system?.action === "member_joined");
    expect(joined.map((m) => m.system!.user_id)).toEqual([bob.id, cy.id]);
  });

  it("takes one use when the same person joins twice at once", async () => {
    const [ada, bob, cy] = await people(3);
    const room = await makeRoom(ada);
    const token = await inviteFor(room.id, ada, { max_uses: 2 });
    const both = await Promise.all([join(token, bob), join(token, bob)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect((await join(token, cy)).status).toBe(200);
  });

  it("lets in a person who taps join twice on a one-use link, answering both taps with the room", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada);
    const token = await inviteFor(room.id, ada, { max_uses: 1 });
    const both = await Promise.all([join(token, bob), join(token, bob)]);
    expect(both.map((r) => [r.status, r.json.data?.id])).toEqual([
      [200, room.id],
      [200, room.id],
    ]);
    expect((await history(room.id, ada)).filter((m) => m.system?.action === "member_joined")).toHaveLength(1);
  });

  it("admits exactly one of two people racing for a link's last use", async () => {
    const [ada, bob, cy] = await people(3);
    const room = await makeRoom(ada);
    const token = await inviteFor(room.id, ada, { max_uses: 1 });
    const results = await Promise.all([join(token, bob), join(token, cy)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 404]);
    expect((await call(`/api/rooms/${room.id}`, { token: ada.token })).json.data.member_count).toBe(2);
  });

  it("answers 404 for an expired invite and admits nobody", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada);
    const token = await inviteFor(room.id, ada);
    await env.DB.prepare("UPDATE invites SET expires_at = ?").bind(Date.now() - 1).run();
    expect((await join(token, bob)).status).toBe(404);
    expect(await roomList(bob)).toEqual([]);
  });

  it("answers 404 for an unknown token and 400 for a malformed one", async () => {
    const [bob] = await people(1);
    const unknown = await join("A".repeat(22), bob);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe("not_found");
    expect((await join("short", bob)).status).toBe(400);
  });

  it("answers 401 without a token and admits nobody", async () => {
    const [ada] = await people(1);
    const room = await makeRoom(ada);
    const token = await inviteFor(room.id, ada, { max_uses: 1 });
    const res = await join(token);
    expect(res.status).toBe(401);
    expect((await preview(token)).status).toBe(200);
  });
});
