import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index";

interface HealthBody {
  data: { status: string; version: string; checks: Record<string, { ok: boolean; ms: number }> };
}

const broken = () => {
  throw new Error("unreachable in this test");
};

// The same Worker with one binding swapped for one that fails.
async function healthWith(overrides: Partial<Env>) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request("http://parley.test/api/health"), { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: await res.json<HealthBody>() };
}

afterEach(() => vi.restoreAllMocks());

describe("GET /api/health", () => {
  it("answers without auth, with D1, R2 and a Durable Object round trip each passing and timed", async () => {
    const res = await exports.default.fetch("http://parley.test/api/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const body = await res.json<HealthBody>();
    expect(body.data.status).toBe("ok");
    expect(body.data.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(body.data.checks).sort()).toEqual(["d1", "durable_object", "r2"]);
    for (const check of Object.values(body.data.checks)) {
      expect(check.ok).toBe(true);
      expect(check.ms).toBeGreaterThanOrEqual(0);
    }
  });

  it.each([
    ["d1", { DB: { prepare: broken } as unknown as D1Database }],
    ["r2", { FILES: { head: () => Promise.reject(new Error("bucket unreachable")) } as unknown as R2Bucket }],
    ["durable_object", { LIMITER: { idFromName: broken } as unknown as Env["LIMITER"] }],
  ] as const)("answers 503 degraded naming %s when it fails, and the others still pass", async (name, overrides) => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { status, body } = await healthWith(overrides);
    expect(status).toBe(503);
    expect(body.data.status).toBe("degraded");
    for (const [check, result] of Object.entries(body.data.checks)) expect(result.ok).toBe(check !== name);
  });

  it("logs why a check failed but does not tell the caller", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { body } = await healthWith({ FILES: { head: () => Promise.reject(new Error("bucket unreachable")) } as unknown as R2Bucket });
    expect(JSON.stringify(body)).not.toContain("unreachable");
    const lines = errors.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toContainEqual(expect.objectContaining({ event: "health_check_failed", check: "r2", message: "bucket unreachable" }));
  });
});
