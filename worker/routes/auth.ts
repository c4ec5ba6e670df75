import { createRoute } from "@hono/zod-openapi";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { z } from "zod";
import { AuthResult, dataOf, IdParam, LoginBody, RefreshBody, RegisterBody, Session } from "../../schema/api";
import { sessions, users, type UserRow } from "../../schema/tables";
import type { AppEnv } from "../env";
import { database } from "../lib/db";
import { describeDevice } from "../lib/devices";
import { accountDisabled, ApiError, forbidden, invalidCredentials, notFound, rateLimited, unauthorized } from "../lib/errors";
import { clearLoginFailures, clientAddress, loginRetryAfter, recordLoginFailure } from "../lib/loginLimits";
import { isAllowedOrigin } from "../lib/origins";
import { burnPasswordCheck, hashPassword, verifyPassword, type Verification } from "../lib/password";
import { clearFileCookie, setFileCookie } from "../lib/fileCookie";
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from "../lib/refreshCookie";
import { bearer, createRouter, errorResponses, json } from "../lib/router";
import { openSession, revokeSession, rotateRefreshToken } from "../lib/sessions";
import { iso } from "../lib/time";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "../lib/tokens";
import { createUser, findUserByUsername, toApiUser, usernameTaken } from "../lib/users";
import { requireAuth } from "../middleware/auth";
import { endSessionSockets } from "../rooms/events";

const Ok = dataOf(z.null());

const registerRoute = createRoute({
  method: "post",
  path: "/register",
  tags: ["Accounts"],
  summary: "Create an account and a first device session",
  description: "The first account on an empty instance becomes an administrator.",
  request: { body: { content: json(RegisterBody), required: true } },
  responses: {
    201: { description: "Signed up and signed in", content: json(dataOf(AuthResult)) },
    ...errorResponses(400, 403, 409, 413, 415),
  },
});

const loginRoute = createRoute({
  method: "post",
  path: "/login",
  tags: ["Accounts"],
  summary: "Sign in and open a device session",
  description: "Five failures for the same username or from the same address within 15 minutes answer 429.",
  request: { body: { content: json(LoginBody), required: true } },
  responses: {
    200: { description: "Signed in", content: json(dataOf(AuthResult)) },
    ...errorResponses(400, 401, 403, 413, 415, 429),
  },
});

const refreshRoute = createRoute({
  method: "post",
  path: "/refresh",
  tags: ["Accounts"],
  summary: "Exchange a refresh token for a new token pair",
  description:
    "The presented refresh token stops working. Presenting an already exchanged token revokes its device session. Browsers may send `{}` and let the session cookie carry the token.",
  request: { body: { content: json(RefreshBody), required: true } },
  responses: {
    200: { description: "A new token pair", content: json(dataOf(AuthResult)) },
    ...errorResponses(400, 401, 403, 415),
  },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/logout",
  tags: ["Accounts"],
  summary: "End the current device session",
  security: bearer,
  middleware: [requireAuth] as const,
  responses: { 200: { description: "Signed out", content: json(Ok) }, ...errorResponses(401, 403) },
});

const sessionsRoute = createRoute({
  method: "get",
  path: "/sessions",
  tags: ["Accounts"],
  summary: "List your live device sessions",
  security: bearer,
  middleware: [requireAuth] as const,
  responses: { 200: { description: "Sessions, most recently used first", content: json(dataOf(z.array(Session))) }, ...errorResponses(401, 403) },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/sessions/{id}",
  tags: ["Accounts"],
  summary: "Revoke one of your device sessions",
  description: "Its refresh token stops working at once, and so do its access tokens and sockets.",
  security: bearer,
  middleware: [requireAuth] as const,
  request: { params: IdParam },
  responses: { 200: { description: "Revoked", content: json(Ok) }, ...errorResponses(401, 403, 404) },
});

// A cookie is only set or read for a request from the app's own page (or a configured
// origin): together with SameSite=Strict and the JSON-only bodies, no other site can
// make a browser use it.
function requireCookieOrigin(c: Context<AppEnv>) {
  if (!isAllowedOrigin(c.req.header("Origin"), c.req.url, c.env.ALLOWED_ORIGINS)) {
    throw forbidden("Session cookies are only used by requests from the app's own origin.");
  }
}

function clearSessionCookies(c: Context<AppEnv>) {
  clearRefreshCookie(c);
  clearFileCookie(c);
}

async function authResult(c: Context<AppEnv>, user: UserRow, sessionId: string, refreshToken: string, cookie: boolean) {
  const accessToken = await signAccessToken(c.env, { userId: user.id, sessionId });
  if (cookie) {
    setRefreshCookie(c, refreshToken);
    setFileCookie(c, accessToken);
  }
  return {
    user: toApiUser(user),
    access_token: accessToken,
    refresh_token: cookie ? null : refreshToken,
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    session_id: sessionId,
  };
}

export const auth = createRouter()
  .openapi(registerRoute, async (c) => {
    const body = c.req.valid("json");
    if (body.session_cookie) requireCookieOrigin(c);
    const db = database(c.env.DB);
    // Checked before hashing, so a taken name costs no hash; the unique index still
    // decides a race.
    if (await findUserByUsername(db, body.username)) throw usernameTaken();
    const user = await createUser(db, {
      username: body.username,
      displayName: body.display_name ?? body.username,
      passwordHash: await hashPassword(body.password),
    });
    const device = body.device_name ?? describeDevice(c.req.header("User-Agent"));
    const session = await openSession(db, user.id, device);
    return c.json({ data: await authResult(c, user, session.sessionId, session.refreshToken, !!body.session_cookie) }, 201);
  })
  .openapi(loginRoute, async (c) => {
    const body = c.req.valid("json");
    if (body.session_cookie) requireCookieOrigin(c);
    const address = clientAddress(c.req.raw.headers);
    const wait = await loginRetryAfter(c.env, body.username, address);
    if (wait > 0) throw rateLimited(wait);

    const db = database(c.env.DB);
    const user = await findUserByUsername(db, body.username);
    let verdict: Verification = { ok: false, needsRehash: false };
    if (user) verdict = await verifyPassword(body.password, user.passwordHash);
    else await burnPasswordCheck(body.password);
    if (!user || !verdict.ok) {
      await recordLoginFailure(c.env, body.username, address);
      throw invalidCredentials();
    }
    if (user.status !== "active") throw accountDisabled();
    await clearLoginFailures(c.env, body.username);
    if (verdict.needsRehash) {
      const passwordHash = await hashPassword(body.password);
      c.executionCtx.waitUntil(db.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run());
    }
    const device = body.device_name ?? describeDevice(c.req.header("User-Agent"));
    const session = await openSession(db, user.id, device);
    return c.json({ data: await authResult(c, user, session.sessionId, session.refreshToken, !!body.session_cookie) }, 200);
  })
  .openapi(refreshRoute, async (c) => {
    const body = c.req.valid("json");
    const fromCookie = body.refresh_token === undefined;
    const presented = body.refresh_token ?? readRefreshCookie(c);
    if (!presented) throw unauthorized("Send a refresh_token, or sign in again.");
    if (fromCookie) requireCookieOrigin(c);

    const rotation = await rotateRefreshToken(database(c.env.DB), presented);
    if (rotation.kind !== "rotated") {
      if (fromCookie) clearSessionCookies(c);
      if (rotation.kind === "reused") c.executionCtx.waitUntil(endSessionSockets(c.env, rotation.userId, rotation.sessionId));
      if (rotation.kind === "disabled") throw accountDisabled();
      throw new ApiError(
        401,
        "unauthorized",
        rotation.kind === "reused"
          ? "This refresh token was already used, so its session has been ended. Sign in again."
          : "The refresh token is invalid or has expired. Sign in again.",
      );
    }
    return c.json({ data: await authResult(c, rotation.user, rotation.sessionId, rotation.refreshToken, fromCookie) }, 200);
  })
  .openapi(logoutRoute, async (c) => {
    await revokeSession(database(c.env.DB), c.var.session.id);
    c.executionCtx.waitUntil(endSessionSockets(c.env, c.var.user.id, c.var.session.id));
    clearSessionCookies(c);
    return c.json({ data: null }, 200);
  })
  .openapi(sessionsRoute, async (c) => {
    const rows = await database(c.env.DB)
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, c.var.user.id), isNull(sessions.revokedAt), gt(sessions.expiresAt, Date.now())))
      .orderBy(desc(sessions.lastSeenAt))
      .all();
    const list = rows.map((row) => ({
      id: row.id,
      device_name: row.deviceName,
      created_at: iso(row.createdAt),
      last_seen_at: iso(row.lastSeenAt),
      current: row.id === c.var.session.id,
    }));
    return c.json({ data: list }, 200);
  })
  .openapi(revokeRoute, async (c) => {
    const { id } = c.req.valid("param");
    const db = database(c.env.DB);
    const target = await db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.id, id), eq(sessions.userId, c.var.user.id), isNull(sessions.revokedAt)))
      .get();
    if (!target) throw notFound("session");
    await revokeSession(db, id);
    c.executionCtx.waitUntil(endSessionSockets(c.env, c.var.user.id, id));
    if (id === c.var.session.id) clearSessionCookies(c);
    return c.json({ data: null }, 200);
  });
