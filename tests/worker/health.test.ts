import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("GET /api/health", () => {
  it("answers without auth with D1 and R2 reachable", async () => {
    const res = await exports.default.fetch("http://parley.test/api/health");
    expect(res.status).toBe(200);
    const body = await res.json<{ data: { status: string; checks: Record<string, { ok: boolean }> } }>();
    expect(body.data.status).toBe("ok");
    expect(body.data.checks.d1?.ok).toBe(true);
    expect(body.data.checks.r2?.ok).toBe(true);
  });
});
