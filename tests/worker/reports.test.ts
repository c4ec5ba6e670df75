import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { REPORTS_PER_HOUR } from "../../worker/admin/reports";
import { addTo, call, history, makeRoom, person, say, signIn, signUp, uniqueName, type Person } from "./helpers";
import { openInbox, openRoom } from "./socket";

const report = (roomId: string, seq: number, by: Person, body: unknown = { reason: "harassment", note: "Not the first time." }) =>
  call(`/api/rooms/${roomId}/messages/${seq}/report`, { method: "POST", token: by.token, body });
const queue = (admin: Person, query = "") => call(`/api/admin/reports${query ? `?${query}` : ""}`, { token: admin.token });
const resolve = (admin: Person, reportId: string, action: unknown) =>
  call(`/api/admin/reports/${reportId}/resolve`, { method: "POST", token: admin.token, body: { action } });

/** An administrator outside the room, and a room where Mallory says something Bob reports. */
async function scene() {
  const admin = await person("Grace Admin");
  const bob = await person("Bob Reporter");
  const mallory = await person("Mallory Sender");
  const room = await makeRoom(bob, { title: "Book club" });
  await addTo(room.id, bob, mallory);
  for (const text of ["a", "b", "c", "d"]) await say(room.id, bob, text);
  const offending = await say(room.id, mallory, "something awful");
  for (const text of ["e", "f", "g", "h"]) await say(room.id, bob, text);
  return { admin, bob, mallory, room, offending };
}

describe("POST /api/rooms/:id/messages/:seq/report", () => {
  it("files a report with the reason and note, and a repeat returns the same report", async () => {
    const { bob, room, offending } = await scene();
    const res = await report(room.id, offending.seq, bob);
    expect(res.status).toBe(201);
    expect(res.json.data).toEqual({
      id: expect.any(String),
      room_id: room.id,
      seq: offending.seq,
      reason: "harassment",
      note: "Not the first time.",
      status: "open",
      created_at: expect.any(String),
    });
    const again = await report(room.id, offending.seq, bob, { reason: "spam" });
    expect(again.status).toBe(200);
    expect(again.json.data).toEqual(res.json.data);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM reports").first<{ n: number }>();
    expect(stored!.n).toBe(1);
  });

  it("answers 404 to someone outside the room, as if it did not exist", async () => {
    const { room, offending } = await scene();
    const outsider = await person();
    const res = await report(room.id, offending.seq, outsider);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
  });

  it("answers 404 for a seq the room does not have", async () => {
    const { bob, room } = await scene();
    const res = await report(room.id, 999, bob);
    expect(res.status).toBe(404);
  });

  it("refuses a report of your own message, or of a system notice, naming seq", async () => {
    const { bob, mallory, room, offending } = await scene();
    const own = await report(room.id, offending.seq, mallory);
    expect(own.status).toBe(400);
    expect(own.json.error.details).toEqual([{ field: "seq", message: "is your own message" }]);
    // seq 1 is the "created the room" notice.
    const notice = await report(room.id, 1, bob);
    expect(notice.status).toBe(400);
    expect(notice.json.error.details[0].field).toBe("seq");
  });

  it("answers 409 for a message already deleted", async () => {
    const { bob, mallory, room, offending } = await scene();
    await call(`/api/rooms/${room.id}/messages/${offending.seq}`, { method: "DELETE", token: mallory.token });
    const res = await report(room.id, offending.seq, bob);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict");
  });

  it.each([
    [{}, "reason"],
    [{ reason: "rude" }, "reason"],
    [{ reason: "spam", note: "x".repeat(501) }, "note"],
    [{ reason: "spam", note: 7 }, "note"],
    [{ reason: "spam", priority: "high" }, "(body)"],
  ])("answers 400 for %j, naming %s", async (body, field) => {
    const { bob, room, offending } = await scene();
    const res = await report(room.id, offending.seq, bob, body);
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it("answers 400 for a seq that is not a positive number", async () => {
    const { bob, room } = await scene();
    expect((await report(room.id, 0, bob)).status).toBe(400);
    expect((await call(`/api/rooms/${room.id}/messages/abc/report`, { method: "POST", token: bob.token, body: { reason: "spam" } })).status).toBe(400);
  });

  it(`answers 429 with Retry-After after ${REPORTS_PER_HOUR} reports in an hour`, async () => {
    const { bob, mallory, room } = await scene();
    const sent = [];
    for (let i = 0; i <= REPORTS_PER_HOUR; i++) sent.push(await say(room.id, mallory, `spam ${i}`));
    for (const message of sent.slice(0, REPORTS_PER_HOUR)) expect((await report(room.id, message.seq, bob, { reason: "spam" })).status).toBe(201);
    const res = await report(room.id, sent[REPORTS_PER_HOUR]!.seq, bob, { reason: "spam" });
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe("rate_limited");
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    // A repeat of a report already filed is not a new one, so it still answers.
    expect((await report(room.id, sent[0]!.seq, bob, { reason: "spam" })).status).toBe(200);
  });

  it("answers 401 without a token", async () => {
    const { room, offending } = await scene();
    expect((await call(`/api/rooms/${room.id}/messages/${offending.seq}/report`, { method: "POST", body: { reason: "spam" } })).status).toBe(401);
  });
});

describe("GET /api/admin/reports", () => {
  it("shows an open report with the message and three messages either side, and names everyone in it", async () => {
    const { admin, bob, mallory, room, offending } = await scene();
    const filed = (await report(room.id, offending.seq, bob)).json.data;

    const res = await queue(admin);
    expect(res.status).toBe(200);
    const [item] = res.json.data.reports;
    expect(item).toMatchObject({
      id: filed.id,
      room: { id: room.id, kind: "group", title: "Book club" },
      seq: offending.seq,
      reason: "harassment",
      note: "Not the first time.",
      status: "open",
      reporter_id: bob.id,
      sender_id: mallory.id,
      resolution: null,
      resolved_by: null,
      message: { seq: offending.seq, text: "something awful", deleted: false },
    });
    expect(item.context.map((m: { seq: number }) => m.seq)).toEqual([-3, -2, -1, 0, 1, 2, 3].map((d) => offending.seq + d));
    const named = res.json.data.people.map((p: { id: string }) => p.id).sort();
    expect(named).toEqual([bob.id, mallory.id].sort());
    expect(res.json.data.next_cursor).toBeNull();
  });

  it("shows what context there is at the end of a room", async () => {
    const { admin, bob, mallory, room } = await scene();
    const last = await say(room.id, mallory, "last word");
    await report(room.id, last.seq, bob);
    const [item] = (await queue(admin)).json.data.reports;
    expect(item.context.map((m: { seq: number }) => m.seq)).toEqual([last.seq - 3, last.seq - 2, last.seq - 1, last.seq]);
  });

  it("lists open reports oldest first in pages, and resolved ones newest first", async () => {
    const { admin, bob, mallory, room } = await scene();
    const messages = [await say(room.id, mallory, "one"), await say(room.id, mallory, "two"), await say(room.id, mallory, "three")];
    const ids = [];
    for (const message of messages) ids.push((await report(room.id, message.seq, bob, { reason: "spam" })).json.data.id);

    const first = await queue(admin, "limit=2");
    expect(first.json.data.reports.map((r: { id: string }) => r.id)).toEqual(ids.slice(0, 2));
    const second = await queue(admin, `limit=2&cursor=${first.json.data.next_cursor}`);
    expect(second.json.data.reports.map((r: { id: string }) => r.id)).toEqual(ids.slice(2));
    expect(second.json.data.next_cursor).toBeNull();

    await resolve(admin, ids[0], "dismiss");
    await resolve(admin, ids[2], "dismiss");
    const resolved = await queue(admin, "status=resolved");
    expect(resolved.json.data.reports.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[0]]);
    expect(resolved.json.data.reports[0]).toMatchObject({ status: "resolved", resolution: "dismissed", resolved_by: admin.id, resolved_at: expect.any(String) });
    expect((await queue(admin)).json.data.reports.map((r: { id: string }) => r.id)).toEqual([ids[1]]);
  });

  it.each(["status=closed", "limit=0", "limit=51", "cursor=-1", "room=x"])("answers 400 for %s", async (query) => {
    const { admin } = await scene();
    const res = await queue(admin, query);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
  });
});

describe("POST /api/admin/reports/:id/resolve", () => {
  it("deletes the message for everyone in the room, live, though the administrator is not a member", async () => {
    const { admin, bob, room, offending } = await scene();
    const filed = (await report(room.id, offending.seq, bob)).json.data;
    const watcher = await openRoom(bob.token, room.id);

    const res = await resolve(admin, filed.id, "delete_message");
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ id: filed.id, status: "resolved", resolution: "message_deleted", resolved_by: admin.id, message: { deleted: true, text: null } });

    await watcher.next((frame) => frame.type === "message_updated" && frame.message.seq === offending.seq && frame.message.deleted === true);
    expect((await history(room.id, bob)).find((m) => m.seq === offending.seq)).toMatchObject({ deleted: true, text: null });
    const members = await env.DB.prepare("SELECT count(*) AS n FROM memberships WHERE room_id = ? AND user_id = ?").bind(room.id, admin.id).first<{ n: number }>();
    expect(members!.n).toBe(0);
  });

  it("blocks the sender: their sockets close and they cannot sign in; the message stays", async () => {
    const admin = await person("Grace Admin");
    const bob = await person("Bob Reporter");
    const username = uniqueName("mal");
    const auth = await signUp(username);
    const mallory: Person = { id: auth.user.id, token: auth.access_token, user: auth.user };
    const room = await makeRoom(bob, { title: "Book club" });
    await addTo(room.id, bob, mallory);
    const offending = await say(room.id, mallory, "something awful");
    const filed = (await report(room.id, offending.seq, bob)).json.data;
    const inbox = await openInbox(mallory.token);

    const res = await resolve(admin, filed.id, "block_sender");
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ resolution: "sender_blocked", message: { deleted: false } });
    await inbox.next((frame) => frame.type === "session_revoked");
    const login = await signIn(username);
    expect(login.status).toBe(403);
    expect(login.json.error.code).toBe("account_disabled");
  });

  it("dismisses: nothing changes but the report", async () => {
    const { admin, bob, mallory, room, offending } = await scene();
    const filed = (await report(room.id, offending.seq, bob)).json.data;
    const res = await resolve(admin, filed.id, "dismiss");
    expect(res.status).toBe(200);
    expect(res.json.data.resolution).toBe("dismissed");
    expect((await history(room.id, bob)).find((m) => m.seq === offending.seq)).toMatchObject({ deleted: false, text: "something awful" });
    expect((await call("/api/me", { token: mallory.token })).status).toBe(200);
  });

  it("settles every open report on the same message at once, in one audit entry", async () => {
    const { admin, bob, mallory, room, offending } = await scene();
    const carol = await person("Carol");
    await addTo(room.id, bob, carol);
    const first = (await report(room.id, offending.seq, bob)).json.data;
    await report(room.id, offending.seq, carol, { reason: "hate" });
    const other = await say(room.id, mallory, "another");
    const unrelated = (await report(room.id, other.seq, bob, { reason: "spam" })).json.data;

    await resolve(admin, first.id, "delete_message");

    expect((await queue(admin)).json.data.reports.map((r: { id: string }) => r.id)).toEqual([unrelated.id]);
    const audit = (await call("/api/admin/audit", { token: admin.token })).json.data.entries;
    expect(audit).toEqual([
      {
        id: expect.any(String),
        action: "report_message_deleted",
        actor_id: admin.id,
        target_user_id: mallory.id,
        report_id: first.id,
        details: { room_id: room.id, seq: offending.seq, reports_settled: 2 },
        created_at: expect.any(String),
      },
    ]);
  });

  it("writes an audit entry for each resolution", async () => {
    const { admin, bob, mallory, room } = await scene();
    const ids = [];
    for (const text of ["x", "y", "z"]) ids.push((await report(room.id, (await say(room.id, mallory, text)).seq, bob)).json.data.id);
    await resolve(admin, ids[0], "dismiss");
    await resolve(admin, ids[1], "delete_message");
    await resolve(admin, ids[2], "block_sender");
    const entries = (await call("/api/admin/audit", { token: admin.token })).json.data.entries;
    expect(entries.map((e: { action: string; report_id: string }) => [e.action, e.report_id])).toEqual([
      ["report_sender_blocked", ids[2]],
      ["report_message_deleted", ids[1]],
      ["report_dismissed", ids[0]],
    ]);
  });

  it("answers 409 for a report already resolved, 404 for an unknown one and 400 for an unknown action", async () => {
    const { admin, bob, room, offending } = await scene();
    const filed = (await report(room.id, offending.seq, bob)).json.data;
    expect((await resolve(admin, filed.id, "dismiss")).status).toBe(200);
    const again = await resolve(admin, filed.id, "delete_message");
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("conflict");
    expect((await history(room.id, bob)).find((m) => m.seq === offending.seq)!.deleted).toBe(false);
    expect((await resolve(admin, "9999", "dismiss")).status).toBe(404);
    expect((await resolve(admin, "not-a-number", "dismiss")).status).toBe(404);
    const bad = await resolve(admin, filed.id, "ban_forever");
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].field).toBe("action");
  });

  it("lets one of two administrators settling a report at once act, and audits exactly what was done", async () => {
    const { admin, bob, mallory, room, offending } = await scene();
    const second = await person("Second Admin");
    await call(`/api/admin/users/${second.id}/admin`, { method: "PUT", token: admin.token, body: { is_admin: true } });
    const filed = (await report(room.id, offending.seq, bob)).json.data;
    const answers = await Promise.all([resolve(admin, filed.id, "dismiss"), resolve(second, filed.id, "block_sender")]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const blocked = (await env.DB.prepare("SELECT status FROM users WHERE id = ?").bind(mallory.id).first<{ status: string }>())!.status === "blocked";
    const actions = (await call("/api/admin/audit", { token: admin.token })).json.data.entries.map((e: { action: string }) => e.action);
    expect(actions.filter((action: string) => action.startsWith("report_"))).toEqual([blocked ? "report_sender_blocked" : "report_dismissed"]);
  });

  it("refuses to block the administrator's own account when they are the sender", async () => {
    const admin = await person("Grace Admin");
    const bob = await person("Bob");
    const room = await makeRoom(admin, { title: "Staff" });
    await addTo(room.id, admin, bob);
    const own = await say(room.id, admin, "reported admin message");
    const filed = (await report(room.id, own.seq, bob)).json.data;
    const res = await resolve(admin, filed.id, "block_sender");
    expect(res.status).toBe(403);
    expect((await queue(admin)).json.data.reports).toHaveLength(1);
  });
});
