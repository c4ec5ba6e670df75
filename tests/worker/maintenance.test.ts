import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index";
import { runMaintenance } from "../../worker/maintenance";
import { DAY } from "../../worker/lib/time";
import { call, makeRoom, people, signUp } from "./helpers";

const count = async (table: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;

async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "17 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

afterEach(() => vi.restoreAllMocks());

const maintenanceLines = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.map(([line]) => JSON.parse(String(line))).filter((line) => line.event === "maintenance");

describe("scheduled maintenance", () => {
  it("purges expired sessions and refresh tokens, keeps live ones, and is idempotent", async () => {
    const live = await signUp();
    const stale = await signUp();
    const past = Date.now() - DAY;
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE id = ?").bind(past, stale.session_id).run();
    await env.DB.prepare("UPDATE refresh_tokens SET expires_at = ? WHERE session_id = ?").bind(past, stale.session_id).run();

    await runCron();
    expect(await count("sessions")).toBe(1);
    expect(await count("refresh_tokens")).toBe(1);
    expect((await call("/api/me", { token: live.access_token })).status).toBe(200);

    await runCron();
    expect(await count("sessions")).toBe(1);
  });

  it("keeps a revoked session for a week so its owner can see it ended, then purges it", async () => {
    const user = await signUp();
    await call("/api/auth/logout", { method: "POST", token: user.access_token });
    await runCron();
    expect(await count("sessions")).toBe(1);
    await env.DB.prepare("UPDATE sessions SET revoked_at = ?").bind(Date.now() - 8 * DAY).run();
    await runCron();
    expect(await count("sessions")).toBe(0);
  });

  it("purges expired socket tickets and invites, keeps live ones, and logs the counts as one JSON line", async () => {
    const [ada] = await people(1);
    const room = await makeRoom(ada);
    for (let i = 0; i < 3; i++) await call("/api/realtime/ticket", { method: "POST", token: ada.token });
    for (let i = 0; i < 2; i++) await call(`/api/rooms/${room.id}/invites`, { method: "POST", token: ada.token, body: {} });
    const past = Date.now() - 1000;
    await env.DB.prepare("UPDATE socket_tickets SET expires_at = ? WHERE rowid IN (SELECT rowid FROM socket_tickets LIMIT 2)").bind(past).run();
    await env.DB.prepare("UPDATE invites SET expires_at = ? WHERE rowid IN (SELECT rowid FROM invites LIMIT 1)").bind(past).run();
    const info = vi.spyOn(console, "info").mockImplementation(() => {});

    await runCron();
    expect(await count("socket_tickets")).toBe(1);
    expect(await count("invites")).toBe(1);
    expect(maintenanceLines(info)).toEqual([
      expect.objectContaining({ level: "info", sessions: 0, refreshTokens: 0, socketTickets: 2, invites: 1, departures: 0, uploads: 0 }),
    ]);

    await runCron();
    expect(maintenanceLines(info)[1]).toMatchObject({ socketTickets: 0, invites: 0 });
  });

  it("removes at most 500 expired rows of a kind per run and the rest on the next", async () => {
    const [ada] = await people(1);
    const room = await makeRoom(ada);
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 520)
       INSERT INTO invites (token_hash, room_id, created_by, created_at, expires_at) SELECT 'h' || i, ?, ?, 0, 1 FROM n`,
    )
      .bind(room.id, ada.id)
      .run();
    await runCron();
    expect(await count("invites")).toBe(20);
    await runCron();
    expect(await count("invites")).toBe(0);
  });

  it("still runs the other steps when one fails, and logs which one failed", async () => {
    const [ada] = await people(1);
    await call("/api/realtime/ticket", { method: "POST", token: ada.token });
    await env.DB.prepare("UPDATE socket_tickets SET expires_at = 0").run();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const failingBucket = { delete: () => Promise.reject(new Error("R2 is down")) } as unknown as R2Bucket;
    await env.DB.prepare(
      "INSERT INTO uploads (id, owner_id, name, mime, size, created_at) VALUES ('stale', ?, 'a.txt', 'text/plain', 1, 0)",
    )
      .bind(ada.id)
      .run();

    const report = await runMaintenance({ ...env, FILES: failingBucket });
    expect(report.socketTickets).toBe(1);
    expect(report.uploads).toBeUndefined();
    expect(await count("socket_tickets")).toBe(0);
    expect(errors.mock.calls.map(([line]) => JSON.parse(String(line)))).toContainEqual(
      expect.objectContaining({ event: "maintenance_step_failed", step: "uploads", message: "R2 is down" }),
    );
    expect(maintenanceLines(info)).toHaveLength(1);
  });
});
