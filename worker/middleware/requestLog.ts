import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../env";
import { log } from "../lib/log";

/**
 * The route's pattern ("/api/invites/:token"), never the path itself: paths carry invite
 * tokens and ids, and the query string carries socket tickets. Null when nothing matched.
 */
export function routePattern(c: Context<AppEnv>): string | null {
  return matchedRoutes(c).findLast((route) => route.method !== "ALL")?.path ?? null;
}

// Gives every request an id (Cloudflare's ray id when there is one), answers it in
// X-Request-Id, and writes one line once the response is ready.
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  const requestId = c.req.header("cf-ray") ?? crypto.randomUUID();
  c.set("requestId", requestId);
  await next();
  c.header("X-Request-Id", requestId);
  log(c.res.status >= 500 ? "error" : "info", "request", {
    request_id: requestId,
    method: c.req.method,
    route: routePattern(c),
    status: c.res.status,
    duration_ms: Math.round(performance.now() - started),
  });
});
