// A token bucket per socket: a burst is fine, a sustained flood is refused frame by frame,
// and a client that keeps flooding after being told is disconnected.
export interface FloodPolicy {
  ratePerSecond: number;
  burst: number;
  strikesBeforeClose: number;
}

export type Verdict = { kind: "pass" } | { kind: "slow"; retryAfterMs: number } | { kind: "close" };

export class FloodGate {
  private tokens: number;
  private updatedAt = Date.now();
  private strikes = 0;

  constructor(private readonly policy: FloodPolicy) {
    this.tokens = policy.burst;
  }

  admit(now = Date.now()): Verdict {
    const { ratePerSecond, burst, strikesBeforeClose } = this.policy;
    this.tokens = Math.min(burst, this.tokens + ((now - this.updatedAt) / 1000) * ratePerSecond);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.strikes = Math.max(0, this.strikes - 1 / burst);
      return { kind: "pass" };
    }
    this.strikes += 1;
    if (this.strikes >= strikesBeforeClose) return { kind: "close" };
    return { kind: "slow", retryAfterMs: Math.ceil(((1 - this.tokens) / ratePerSecond) * 1000) };
  }
}
