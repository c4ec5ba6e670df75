import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { DAY } from "../../worker/lib/time";
import { call, signUp } from "./helpers";

const count = async (table: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;

async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "17 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

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
});
