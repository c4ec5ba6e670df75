import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { RateLimiter } from "../../worker/limiter/RateLimiter";

const limiter = (key: string) => env.LIMITER.get(env.LIMITER.idFromName(key));

describe("RateLimiter", () => {
  it("allows up to the limit within the window, then answers the seconds to wait", async () => {
    const stub = limiter("test:a");
    for (let i = 0; i < 2; i++) expect(await stub.recordFailure(3, 60_000)).toBe(0);
    expect(await stub.retryAfter(3, 60_000)).toBe(0);
    const wait = await stub.recordFailure(3, 60_000);
    expect(wait).toBeGreaterThan(55);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await stub.retryAfter(3, 60_000)).toBe(wait);
  });

  it("forgets failures older than the window", async () => {
    const stub = limiter("test:b");
    await runInDurableObject(stub, async (_instance: RateLimiter, state) => {
      await state.storage.put("hits", [Date.now() - 120_000, Date.now() - 90_000, Date.now() - 61_000]);
    });
    expect(await stub.retryAfter(3, 60_000)).toBe(0);
  });

  it("keeps separate counts per key", async () => {
    for (let i = 0; i < 3; i++) await limiter("test:c").recordFailure(3, 60_000);
    expect(await limiter("test:d").retryAfter(3, 60_000)).toBe(0);
  });

  it("erases its storage when the window's alarm fires, so idle keys leave nothing behind", async () => {
    const stub = limiter("test:e");
    await stub.recordFailure(3, 60_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const left = await runInDurableObject(stub, (_instance: RateLimiter, state) => state.storage.get("hits"));
    expect(left).toBeUndefined();
  });
});
