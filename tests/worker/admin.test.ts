import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DAY } from "../../worker/lib/time";
import { addTo, call, history, makeRoom, people, person, say, signIn, signUp, uniqueName, type Person } from "./helpers";
import { openInbox, openRoom } from "./socket";

const post = (path: string, by: Person | undefined, body?: unknown) => call(path, { method: "POST", token: by?.token, body });
const setAdmin = (by: Person, userId: string, body: unknown) => call(`/api/admin/users/${userId}/admin`, { method: "PUT", token: by.token, body });
const auditEntries = async (by: Person) => (await call("/api/admin/audit", { token: by.token })).json.data.entries as { action: string; actor_id: string; target_user_id: string | null }[];

/** The administrator (the instance's first account) and a member, signed in. */
async function instance() {
  const admin = await person("Grace Admin");
  const member = await person("Bob Member");
  return { admin, member };
}

/** A member who signed up with a password, so signing in can be tried. */
async function passwordAccount() {
  const username = uniqueName("pw");
  const auth = await signUp(username);
  return { username, auth, person: { id: auth.user.id, token: auth.access_token, user: auth.user } satisfies Person };
}

const ROUTES: [string, string, unknown?][] = [
  ["GET", "/api/admin/stats"],
  ["GET", "/api/admin/users"],
  ["GET", "/api/admin/users/USER"],
  ["POST", "/api/admin/users/USER/block"],
  ["POST", "/api/admin/users/USER/unblock"],
  ["POST", "/api/admin/users/USER/delete"],
  ["PUT", "/api/admin/users/USER/admin", { is_admin: true }],
  ["GET", "/api/admin/reports"],
  ["POST", "/api/admin/reports/1/resolve", { action: "dismiss" }],
  ["GET", "/api/admin/audit"],
];

describe("every /api/admin route", () => {
  it.each(ROUTES)("answers %s %s with 401 without a token", async (method, path, body) => {
    const { member } = await instance();
    const res = await call(path.replace("USER", member.id), { method, body });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
  });

  it.each(ROUTES)("answers %s %s with 403 to a member who is not an administrator, changing nothing", async (method, path, body) => {
    const { admin, member } = await instance();
    const res = await call(path.replace("USER", admin.id), { method, body, token: member.token });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
    const row = await env.DB.prepare("SELECT status, is_admin FROM users WHERE id = ?").bind(admin.id).first();
    expect(row).toEqual({ status: "active", is_admin: 1 });
    expect(await auditEntries(admin)).toEqual([]);
  });

  it("are listed in the OpenAPI document", async () => {
    const paths = Object.keys((await call("/api/openapi.json")).json.paths);
    for (const path of ["/api/admin/stats", "/api/admin/users", "/api/admin/users/{id}/block", "/api/admin/reports", "/api/admin/audit"]) {
      expect(paths).toContain(path);
    }
  });
});

describe("GET /api/admin/stats", () => {
  it("counts people, activity, rooms, today's messages, storage and open reports", async () => {
    const { admin, member } = await instance();
    const [blocked, lapsed, gone] = await people(3);
    await post(`/api/admin/users/${blocked.id}/block`, admin);
    await post(`/api/admin/users/${gone.id}/delete`, admin);
    // Seen three days ago: active this week, not today. Another session ten days ago counts for nothing.
    const now = Date.now();
    await env.DB.prepare("UPDATE sessions SET last_seen_at = ? WHERE user_id = ?").bind(now - 3 * DAY, lapsed.id).run();

    const room = await makeRoom(admin, { title: "Lobby" });
    await addTo(room.id, admin, member);
    await say(room.id, admin, "one");
    await say(room.id, member, "two");
    // A rename is a system notice, and the room writes its summary before answering.
    expect((await call(`/api/rooms/${room.id}`, { method: "PATCH", token: admin.token, body: { title: "Hall" } })).status).toBe(200);
    await env.DB.prepare("INSERT INTO uploads (id, owner_id, name, mime, size, created_at) VALUES ('u1', ?, 'a.txt', 'text/plain', 1500, ?), ('u2', ?, 'b.png', 'image/png', 500, ?)")
      .bind(admin.id, now, member.id, now)
      .run();
    expect((await post(`/api/rooms/${room.id}/messages/4/report`, admin, { reason: "spam" })).status).toBe(201);

    const res = await call("/api/admin/stats", { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({
      users: 4,
      blocked_users: 1,
      admins: 1,
      // admin, member and the blocked one, whose session was used today before it ended; not the deleted one.
      active_today: 3,
      active_week: 4,
      rooms: 1,
      // room_created, member_added, "one", "two", room_renamed
      messages_today: 5,
      storage_bytes: 2000,
      open_reports: 1,
    });
  });

  it("counts messages into the UTC day of the room's newest message, once per step of last_seq", async () => {
    const { admin } = await instance();
    const today = Math.floor(Date.now() / DAY);
    await env.DB.prepare("INSERT INTO rooms (id, kind, created_at, last_activity_at) VALUES ('r', 'group', 0, 0)").run();
    const write = (seq: number, at: number) =>
      env.DB.prepare("UPDATE rooms SET last_seq = ?1, last_activity_at = ?2 WHERE id = 'r' AND last_seq <= ?1").bind(seq, at).run();
    await write(4, (today - 1) * DAY + 5);
    await write(6, today * DAY + 5);
    await write(6, today * DAY + 9);
    await write(5, today * DAY + 9);
    await write(9, today * DAY + 10);
    const days = await env.DB.prepare("SELECT day, messages FROM message_days ORDER BY day").all();
    expect(days.results).toEqual([
      { day: today - 1, messages: 4 },
      { day: today, messages: 5 },
    ]);
    expect((await call("/api/admin/stats", { token: admin.token })).json.data.messages_today).toBe(5);
  });
});

describe("GET /api/admin/users", () => {
  it("finds accounts by part of the username or display name, or by id, blocked ones included", async () => {
    const { admin } = await instance();
    const ada = await person("Ada Lovelace");
    const other = await person("Charles Babbage");
    await post(`/api/admin/users/${other.id}/block`, admin);

    const byName = await call("/api/admin/users?q=lovel", { token: admin.token });
    expect(byName.status).toBe(200);
    expect(byName.json.data.users.map((u: { id: string }) => u.id)).toEqual([ada.id]);
    expect(byName.json.data.users[0]).toMatchObject({ username: ada.user.username, status: "active", is_admin: false });
    expect(byName.json.data.users[0].last_seen_at).toEqual(expect.any(String));

    const byPrefix = await call(`/api/admin/users?q=${ada.user.username.slice(0, 4).toUpperCase()}`, { token: admin.token });
    expect(byPrefix.json.data.users.map((u: { id: string }) => u.id)).toContain(ada.id);

    const byId = await call(`/api/admin/users?q=${other.id}`, { token: admin.token });
    expect(byId.json.data.users).toMatchObject([{ id: other.id, status: "blocked" }]);

    const blocked = await call("/api/admin/users?status=blocked", { token: admin.token });
    expect(blocked.json.data.users.map((u: { id: string }) => u.id)).toEqual([other.id]);
  });

  it("matches % and _ literally", async () => {
    const { admin } = await instance();
    await person("Plain Name");
    const res = await call(`/api/admin/users?q=${encodeURIComponent("%")}`, { token: admin.token });
    expect(res.json.data.users).toEqual([]);
  });

  it("finds a long or Korean query without error", async () => {
    const { admin } = await instance();
    const korean = await person("김하늘 관리 담당자 이름이 아주 긴 사람");
    const res = await call(`/api/admin/users?q=${encodeURIComponent("하늘 관리 담당자 이름이 아주 긴")}`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.json.data.users.map((u: { id: string }) => u.id)).toEqual([korean.id]);
    expect((await call(`/api/admin/users?q=${"x".repeat(64)}`, { token: admin.token })).json.data.users).toEqual([]);
  });

  it("leaves deleted accounts out unless asked for by status", async () => {
    const { admin, member } = await instance();
    await post(`/api/admin/users/${member.id}/delete`, admin);
    const all = await call("/api/admin/users", { token: admin.token });
    expect(all.json.data.users.map((u: { id: string }) => u.id)).toEqual([admin.id]);
    const deleted = await call("/api/admin/users?status=deleted", { token: admin.token });
    expect(deleted.json.data.users).toMatchObject([{ id: member.id, status: "deleted", display_name: "Deleted User", username: "" }]);
  });

  it("pages newest first with next_cursor, without repeats or gaps", async () => {
    const { admin } = await instance();
    await people(3);
    const seen: string[] = [];
    let cursor: string | null = "";
    let pages = 0;
    while (cursor !== null) {
      const res = await call(`/api/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: admin.token });
      expect(res.status).toBe(200);
      seen.push(...res.json.data.users.map((u: { id: string }) => u.id));
      cursor = res.json.data.next_cursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    expect(seen[seen.length - 1]).toBe(admin.id);
  });

  it.each([["limit=0", "limit"], ["limit=101", "limit"], ["status=frozen", "status"], ["cursor=abc", "cursor"], ["sort=name", "sort"]])(
    "answers 400 for %s, naming the field",
    async (query, field) => {
      const { admin } = await instance();
      const res = await call(`/api/admin/users?${query}`, { token: admin.token });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
      expect(res.json.error.message).toContain(field);
    },
  );
});

describe("GET /api/admin/users/:id", () => {
  it("shows the account with its live sessions, rooms, storage and open reports", async () => {
    const { admin, member } = await instance();
    const room = await makeRoom(member, { title: "Den" });
    await addTo(room.id, member, admin);
    const message = await say(room.id, member, "report me");
    await post(`/api/rooms/${room.id}/messages/${message.seq}/report`, admin, { reason: "other" });
    await env.DB.prepare("INSERT INTO uploads (id, owner_id, name, mime, size, created_at) VALUES ('u1', ?, 'a.txt', 'text/plain', 42, 0)").bind(member.id).run();

    const res = await call(`/api/admin/users/${member.id}`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ id: member.id, status: "active", live_sessions: 1, rooms: 1, storage_bytes: 42, open_reports: 1 });
  });

  it("answers 404 for an unknown id", async () => {
    const { admin } = await instance();
    const res = await call("/api/admin/users/nobody", { token: admin.token });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
  });
});

describe("POST /api/admin/users/:id/block", () => {
  it("ends the account's live sockets at once: the inbox and every open room", async () => {
    const { admin, member } = await instance();
    const room = await makeRoom(admin, { title: "Lobby" });
    await addTo(room.id, admin, member);
    const inbox = await openInbox(member.token);
    const roomSocket = await openRoom(member.token, room.id);
    const watcher = await openRoom(admin.token, room.id);

    const res = await post(`/api/admin/users/${member.id}/block`, admin);
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ id: member.id, status: "blocked", live_sessions: 0 });

    await inbox.next((frame) => frame.type === "session_revoked");
    expect((await inbox.closedWith()).code).toBe(4401);
    expect((await roomSocket.closedWith()).code).toBe(4401);
    await watcher.next((frame) => frame.type === "presence" && frame.user_id === member.id && frame.online === false);
    expect(watcher.closed).toBeNull();
  });

  it("two administrators blocking each other at the same moment leave one of them active", async () => {
    const { admin } = await instance();
    const other = await person("Other Admin");
    expect((await setAdmin(admin, other.id, { is_admin: true })).status).toBe(200);
    const answers = await Promise.all([post(`/api/admin/users/${other.id}/block`, admin), post(`/api/admin/users/${admin.id}/block`, other)]);
    const active = await env.DB.prepare("SELECT count(*) AS n FROM users WHERE is_admin = 1 AND status = 'active'").first<{ n: number }>();
    expect(active!.n).toBe(1);
    expect(answers.filter((res) => res.status === 200)).toHaveLength(1);
    const refused = answers.find((res) => res.status !== 200)!;
    expect([401, 403, 409]).toContain(refused.status);
  });

  it("blocking again finishes a block that was cut short: sockets still open are closed", async () => {
    const { admin, member } = await instance();
    const room = await makeRoom(admin, { title: "Lobby" });
    await addTo(room.id, admin, member);
    const inbox = await openInbox(member.token);
    const roomSocket = await openRoom(member.token, room.id);
    // As a first attempt that failed after marking the account would leave it.
    await env.DB.prepare("UPDATE users SET status = 'blocked' WHERE id = ?").bind(member.id).run();

    const res = await post(`/api/admin/users/${member.id}/block`, admin);
    expect(res.status).toBe(200);
    expect((await inbox.closedWith()).code).toBe(4401);
    expect((await roomSocket.closedWith()).code).toBe(4401);
    expect(await auditEntries(admin)).toEqual([]);
  });

  it("signs the account out everywhere: no access token, refresh or new socket works, and signing in answers account_disabled", async () => {
    const { admin } = await instance();
    const { username, auth, person: victim } = await passwordAccount();
    await signIn(username);

    expect((await post(`/api/admin/users/${victim.id}/block`, admin)).status).toBe(200);

    expect((await call("/api/me", { token: victim.token })).status).toBe(401);
    expect((await call("/api/realtime/ticket", { method: "POST", token: victim.token })).status).toBe(401);
    const refresh = await call("/api/auth/refresh", { method: "POST", body: { refresh_token: auth.refresh_token } });
    expect(refresh.status).toBe(403);
    expect(refresh.json.error.code).toBe("account_disabled");
    const login = await signIn(username);
    expect(login.status).toBe(403);
    expect(login.json.error.code).toBe("account_disabled");
    const live = await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ? AND revoked_at IS NULL").bind(victim.id).first<{ n: number }>();
    expect(live!.n).toBe(0);
  });

  it("keeps the account's messages and memberships", async () => {
    const { admin, member } = await instance();
    const room = await makeRoom(admin, { title: "Lobby" });
    await addTo(room.id, admin, member);
    const said = await say(room.id, member, "still here");
    await post(`/api/admin/users/${member.id}/block`, admin);
    expect((await history(room.id, admin)).find((m) => m.seq === said.seq)).toMatchObject({ text: "still here", sender_id: member.id });
    const members = (await call(`/api/rooms/${room.id}`, { token: admin.token })).json.data.members.map((m: { user: { id: string } }) => m.user.id);
    expect(members).toContain(member.id);
  });

  it("writes one audit entry, and none for blocking an account already blocked", async () => {
    const { admin, member } = await instance();
    await post(`/api/admin/users/${member.id}/block`, admin);
    const again = await post(`/api/admin/users/${member.id}/block`, admin);
    expect(again.status).toBe(200);
    expect(await auditEntries(admin)).toMatchObject([{ action: "user_blocked", actor_id: admin.id, target_user_id: member.id }]);
  });

  it("refuses the administrator's own account (403), a deleted one (409) and an unknown id (404)", async () => {
    const { admin, member } = await instance();
    const self = await post(`/api/admin/users/${admin.id}/block`, admin);
    expect(self.status).toBe(403);
    expect(self.json.error.code).toBe("forbidden");
    await post(`/api/admin/users/${member.id}/delete`, admin);
    const deleted = await post(`/api/admin/users/${member.id}/block`, admin);
    expect(deleted.status).toBe(409);
    expect(deleted.json.error.code).toBe("conflict");
    expect((await post("/api/admin/users/nobody/block", admin)).status).toBe(404);
  });

  it("lets another administrator be blocked, who then loses access", async () => {
    const { admin, member } = await instance();
    await setAdmin(admin, member.id, { is_admin: true });
    expect((await post(`/api/admin/users/${member.id}/block`, admin)).status).toBe(200);
    expect((await call("/api/admin/stats", { token: member.token })).status).toBe(401);
    expect((await call("/api/admin/stats", { token: admin.token })).json.data.admins).toBe(1);
  });
});

describe("POST /api/admin/users/:id/unblock", () => {
  it("lets the account sign in again, with its old sessions still ended, and audits it", async () => {
    const { admin } = await instance();
    const { username, auth, person: victim } = await passwordAccount();
    await post(`/api/admin/users/${victim.id}/block`, admin);

    const res = await post(`/api/admin/users/${victim.id}/unblock`, admin);
    expect(res.status).toBe(200);
    expect(res.json.data.status).toBe("active");
    expect((await signIn(username)).status).toBe(200);
    expect((await call("/api/auth/refresh", { method: "POST", body: { refresh_token: auth.refresh_token } })).status).toBe(401);
    expect((await auditEntries(admin)).map((e) => e.action)).toEqual(["user_unblocked", "user_blocked"]);
  });

  it("changes nothing for an account that is not blocked", async () => {
    const { admin, member } = await instance();
    const res = await post(`/api/admin/users/${member.id}/unblock`, admin);
    expect(res.status).toBe(200);
    expect(res.json.data.status).toBe("active");
    expect(await auditEntries(admin)).toEqual([]);
  });
});

describe("POST /api/admin/users/:id/delete", () => {
  it("deletes the account as its owner would, without a password: erased, signed out, messages kept as Deleted User", async () => {
    const { admin } = await instance();
    const { username, person: victim } = await passwordAccount();
    const room = await makeRoom(admin, { title: "Lobby" });
    await addTo(room.id, admin, victim);
    const said = await say(room.id, victim, "my words stay");
    const inbox = await openInbox(victim.token);

    const res = await post(`/api/admin/users/${victim.id}/delete`, admin);
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ id: victim.id, status: "deleted", display_name: "Deleted User", username: "", rooms: 0 });

    await inbox.next((frame) => frame.type === "session_revoked");
    expect((await signIn(username)).json.error.code).toBe("invalid_credentials");
    expect((await history(room.id, admin)).find((m) => m.seq === said.seq)).toMatchObject({ text: "my words stay", sender_id: victim.id });
    expect((await call(`/api/users/${victim.id}`, { token: admin.token })).json.data.display_name).toBe("Deleted User");
    expect(await auditEntries(admin)).toMatchObject([{ action: "user_deleted", target_user_id: victim.id }]);
    // The audit log names the account by id only: nothing there leads back to the username.
    const stored = await env.DB.prepare("SELECT * FROM audit_log").all();
    expect(JSON.stringify(stored.results)).not.toContain(username);
  });

  it("refuses the administrator's own account and a deleted one", async () => {
    const { admin, member } = await instance();
    expect((await post(`/api/admin/users/${admin.id}/delete`, admin)).status).toBe(403);
    expect((await post(`/api/admin/users/${member.id}/delete`, admin)).status).toBe(200);
    expect((await post(`/api/admin/users/${member.id}/delete`, admin)).status).toBe(409);
  });
});

describe("PUT /api/admin/users/:id/admin", () => {
  it("grants administrator rights, which work at once, and removes them, which ends them at once", async () => {
    const { admin, member } = await instance();
    const granted = await setAdmin(admin, member.id, { is_admin: true });
    expect(granted.status).toBe(200);
    expect(granted.json.data.is_admin).toBe(true);
    expect((await call("/api/admin/stats", { token: member.token })).status).toBe(200);

    const removed = await setAdmin(admin, member.id, { is_admin: false });
    expect(removed.json.data.is_admin).toBe(false);
    expect((await call("/api/admin/stats", { token: member.token })).status).toBe(403);
    expect((await auditEntries(admin)).map((e) => e.action)).toEqual(["admin_revoked", "admin_granted"]);
  });

  it("refuses to let the last administrator remove their own rights", async () => {
    const { admin } = await instance();
    const res = await setAdmin(admin, admin.id, { is_admin: false });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict");
    expect((await call("/api/admin/stats", { token: admin.token })).status).toBe(200);
    expect(await auditEntries(admin)).toEqual([]);
  });

  it("lets an administrator step down once someone else is one", async () => {
    const { admin, member } = await instance();
    await setAdmin(admin, member.id, { is_admin: true });
    const res = await setAdmin(admin, admin.id, { is_admin: false });
    expect(res.status).toBe(200);
    expect(res.json.data.is_admin).toBe(false);
    expect((await call("/api/admin/stats", { token: admin.token })).status).toBe(403);
    // Now the other one is the last, and cannot step down.
    expect((await setAdmin(member, member.id, { is_admin: false })).status).toBe(409);
  });

  it("does not count a blocked administrator towards the last one", async () => {
    const { admin, member } = await instance();
    await setAdmin(admin, member.id, { is_admin: true });
    await post(`/api/admin/users/${member.id}/block`, admin);
    expect((await setAdmin(admin, admin.id, { is_admin: false })).status).toBe(409);
  });

  it("refuses to make a blocked or deleted account an administrator", async () => {
    const { admin, member } = await instance();
    const other = await person();
    await post(`/api/admin/users/${member.id}/block`, admin);
    expect((await setAdmin(admin, member.id, { is_admin: true })).status).toBe(409);
    await post(`/api/admin/users/${other.id}/delete`, admin);
    expect((await setAdmin(admin, other.id, { is_admin: true })).status).toBe(409);
    expect((await setAdmin(admin, "nobody", { is_admin: true })).status).toBe(404);
  });

  it.each([[{}], [{ is_admin: "yes" }], [{ is_admin: true, role: "owner" }], [null]])("answers 400 for %j", async (body) => {
    const { admin, member } = await instance();
    const res = await setAdmin(admin, member.id, body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
  });

  it("answers 400 for malformed JSON and 415 for a body that is not JSON", async () => {
    const { admin, member } = await instance();
    const path = `/api/admin/users/${member.id}/admin`;
    const malformed = await call(path, { method: "PUT", token: admin.token, raw: "{", headers: { "Content-Type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("invalid_request");
    const text = await call(path, { method: "PUT", token: admin.token, raw: "is_admin=true", headers: { "Content-Type": "text/plain" } });
    expect(text.status).toBe(415);
    expect(text.json.error.code).toBe("unsupported_media_type");
  });
});

describe("GET /api/admin/audit", () => {
  it("lists every action newest first, with the people it names, in pages", async () => {
    const { admin, member } = await instance();
    const other = await person("Other Person");
    await post(`/api/admin/users/${member.id}/block`, admin);
    await post(`/api/admin/users/${member.id}/unblock`, admin);
    await setAdmin(admin, other.id, { is_admin: true });
    await post(`/api/admin/users/${other.id}/delete`, admin);

    const first = await call("/api/admin/audit?limit=3", { token: admin.token });
    expect(first.status).toBe(200);
    expect(first.json.data.entries.map((e: { action: string }) => e.action)).toEqual(["user_deleted", "admin_granted", "user_unblocked"]);
    expect(first.json.data.entries[0]).toMatchObject({ actor_id: admin.id, target_user_id: other.id, report_id: null, created_at: expect.any(String) });
    const names = Object.fromEntries(first.json.data.people.map((p: { id: string; display_name: string }) => [p.id, p.display_name]));
    expect(names).toMatchObject({ [admin.id]: "Grace Admin", [other.id]: "Deleted User", [member.id]: "Bob Member" });

    const second = await call(`/api/admin/audit?limit=3&cursor=${first.json.data.next_cursor}`, { token: admin.token });
    expect(second.json.data.entries.map((e: { action: string }) => e.action)).toEqual(["user_blocked"]);
    expect(second.json.data.next_cursor).toBeNull();
  });

  it.each(["cursor=x", "limit=0", "limit=500", "actor=me"])("answers 400 for %s", async (query) => {
    const { admin } = await instance();
    const res = await call(`/api/admin/audit?${query}`, { token: admin.token });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
  });
});

describe("the first administrator", () => {
  it("is the instance's first account, and only that one", async () => {
    const first = await signUp(uniqueName("first"));
    const second = await signUp(uniqueName("second"));
    expect(first.user.is_admin).toBe(true);
    expect(second.user.is_admin).toBe(false);
    expect((await call("/api/admin/stats", { token: first.access_token })).status).toBe(200);
    expect((await call("/api/admin/stats", { token: second.access_token })).status).toBe(403);
  });
});
