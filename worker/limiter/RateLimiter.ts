import { DurableObject } from "cloudflare:workers";

// One object per limited key ("login:user:ada", "login:ip:203.0.113.9", "export:<user id>"):
// a sliding window of attempt times, exact across every isolate and location. The object clears its own
// storage once the window has passed, so idle keys leave nothing behind.
export class RateLimiter extends DurableObject<Env> {
  private async recent(windowMs: number, now: number): Promise<number[]> {
    const hits = (await this.ctx.storage.get<number[]>("hits")) ?? [];
    return hits.filter((at) => at > now - windowMs);
  }

  private static retryAfter(hits: number[], limit: number, windowMs: number, now: number): number {
    if (hits.length < limit) return 0;
    const oldestThatCounts = hits[hits.length - limit]!;
    return Math.max(1, Math.ceil((oldestThatCounts + windowMs - now) / 1000));
  }

  /** Seconds until another attempt is allowed; 0 when it is allowed now. */
  async retryAfter(limit: number, windowMs: number): Promise<number> {
    const now = Date.now();
    return RateLimiter.retryAfter(await this.recent(windowMs, now), limit, windowMs, now);
  }

  /** Records a failure; answers like retryAfter, counting this one. */
  async recordFailure(limit: number, windowMs: number): Promise<number> {
    const now = Date.now();
    const hits = [...(await this.recent(windowMs, now)), now].slice(-limit);
    await this.ctx.storage.put("hits", hits);
    await this.ctx.storage.setAlarm(now + windowMs);
    return RateLimiter.retryAfter(hits, limit, windowMs, now);
  }

  /**
   * Counts an attempt when fewer than `limit` were counted within the window and answers 0;
   * otherwise counts nothing and answers the seconds until one would be counted.
   */
  async take(limit: number, windowMs: number): Promise<number> {
    const now = Date.now();
    const hits = await this.recent(windowMs, now);
    const wait = RateLimiter.retryAfter(hits, limit, windowMs, now);
    if (wait > 0) return wait;
    await this.ctx.storage.put("hits", [...hits, now]);
    await this.ctx.storage.setAlarm(now + windowMs);
    return 0;
  }

  /** Answers at once, touching no storage: the health check's Durable Object round trip. */
  async ping(): Promise<"pong"> {
    return "pong";
  }

  async clear(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}
