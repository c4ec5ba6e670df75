import { MINUTE } from "./time";

export const LOGIN_FAILURE_LIMIT = 5;
export const LOGIN_WINDOW_MS = 15 * MINUTE;

interface LimiterEnv {
  LIMITER: Env["LIMITER"];
}

const limiter = (env: LimiterEnv, key: string) => env.LIMITER.get(env.LIMITER.idFromName(key));
const keys = (username: string, address: string) => [`login:user:${username}`, `login:ip:${address}`];

// Cloudflare sets CF-Connecting-IP on every request it proxies and overwrites any the
// client sent, so it is the one address header worth trusting.
export const clientAddress = (headers: Headers) => headers.get("CF-Connecting-IP") ?? "unknown";

export async function loginRetryAfter(env: LimiterEnv, username: string, address: string): Promise<number> {
  const waits = await Promise.all(
    keys(username, address).map((key) => limiter(env, key).retryAfter(LOGIN_FAILURE_LIMIT, LOGIN_WINDOW_MS)),
  );
  return Math.max(...waits);
}

export async function recordLoginFailure(env: LimiterEnv, username: string, address: string): Promise<void> {
  await Promise.all(
    keys(username, address).map((key) => limiter(env, key).recordFailure(LOGIN_FAILURE_LIMIT, LOGIN_WINDOW_MS)),
  );
}

// Only the username's count: a success must not wipe what an address did to other accounts.
export async function clearLoginFailures(env: LimiterEnv, username: string): Promise<void> {
  await limiter(env, `login:user:${username}`).clear();
}
