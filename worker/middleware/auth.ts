import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { database } from "../lib/db";
import { accountDisabled, unauthorized } from "../lib/errors";
import { authenticateSession, touchSession } from "../lib/sessions";
import { readFileCookie } from "../lib/fileCookie";
import { verifyAccessToken } from "../lib/tokens";
import { MINUTE } from "../lib/time";

const BEARER = /^Bearer ([A-Za-z0-9_\-.]+)$/;

// The signature alone is not enough: the session behind the token must still be live, so
// revoking a device or blocking an account takes effect within the token's lifetime.
async function authenticate(c: Context<AppEnv>, token: string) {
  const claims = await verifyAccessToken(c.env, token);
  if (!claims) throw unauthorized("The access token is invalid or has expired.");
  const db = database(c.env.DB);
  const auth = await authenticateSession(db, claims.userId, claims.sessionId);
  if (auth.kind === "disabled") throw accountDisabled();
  if (auth.kind === "invalid") throw unauthorized("This session has ended. Sign in again.");
  c.set("user", auth.user);
  c.set("session", auth.session);
  const now = Date.now();
  if (now - auth.session.lastSeenAt > MINUTE) c.executionCtx.waitUntil(touchSession(db, auth.session.id, now));
}

export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const match = BEARER.exec(c.req.header("Authorization") ?? "");
  if (!match) throw unauthorized("Send an access token as 'Authorization: Bearer <token>'.");
  await authenticate(c, match[1]!);
  await next();
});

// Downloads are also opened by <img>, <audio> and links, which cannot send a header: the
// browser's file cookie (the same access token, scoped to /api/uploads) stands in for it.
export const requireFileAccess = createMiddleware<AppEnv>(async (c, next) => {
  const token = BEARER.exec(c.req.header("Authorization") ?? "")?.[1] ?? readFileCookie(c);
  if (!token) throw unauthorized("Send an access token as 'Authorization: Bearer <token>'.");
  await authenticate(c, token);
  await next();
});
