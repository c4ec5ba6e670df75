import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, ORIGIN, PASSWORD, signUp, uniqueName } from "./helpers";

const refresh = (refresh_token?: string, headers: Record<string, string> = {}) =>
  call("/api/auth/refresh", { method: "POST", body: refresh_token === undefined ? {} : { refresh_token }, headers });

const cookieOf = (headers: Headers) => /parley_refresh=([^;]*)/.exec(headers.get("Set-Cookie") ?? "")?.[1];

describe("POST /api/auth/refresh", () => {
  it("exchanges a refresh token for a new pair on the same session", async () => {
    const first = await signUp();
    const res = await refresh(first.refresh_token!);
    expect(res.status).toBe(200);
    expect(res.json.data.session_id).toBe(first.session_id);
    expect(res.json.data.refresh_token).not.toBe(first.refresh_token);
    expect((await call("/api/me", { token: res.json.data.access_token })).status).toBe(200);
  });

  it("the old refresh token stops working after rotation", async () => {
    const first = await signUp();
    await refresh(first.refresh_token!);
    const again = await refresh(first.refresh_token!);
    expect(again.status).toBe(401);
  });

  it("reuse of a rotated token revokes the whole device session (theft detection)", async () => {
    const first = await signUp();
    const rotated = await refresh(first.refresh_token!);
    const { refresh_token: current, access_token } = rotated.json.data;
    expect((await refresh(first.refresh_token!)).json.error.message).toMatch(/already used/);
    expect((await refresh(current)).status).toBe(401);
    expect((await call("/api/me", { token: access_token })).status).toBe(401);
  });

  it("of two refreshes racing with one token, at most one succeeds", async () => {
    const first = await signUp();
    const results = await Promise.all([refresh(first.refresh_token!), refresh(first.refresh_token!)]);
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    expect(results.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
  });

  it("answers 401 for an unknown token and when no token is sent", async () => {
    expect((await refresh("x".repeat(43))).status).toBe(401);
    const none = await refresh();
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe("unauthorized");
  });

  it("answers 401 for an expired session", async () => {
    const first = await signUp();
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE id = ?").bind(Date.now() - 1, first.session_id).run();
    expect((await refresh(first.refresh_token!)).status).toBe(401);
  });

  it("answers 403 account_disabled for a blocked account", async () => {
    const first = await signUp();
    await env.DB.prepare("UPDATE users SET status = 'blocked' WHERE id = ?").bind(first.user.id).run();
    const res = await refresh(first.refresh_token!);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("account_disabled");
  });

  it.each([[{ refresh_token: 12 }], [{ refresh_token: "" }], [{ refresh_token: "x".repeat(129) }], [{ token: "abc" }]])(
    "answers 400 for %j",
    async (body) => {
      const res = await call("/api/auth/refresh", { method: "POST", body });
      expect(res.status).toBe(400);
    },
  );
});

describe("the browser session cookie", () => {
  const fromApp = { Origin: ORIGIN };

  async function cookieSignIn() {
    const username = uniqueName();
    const res = await call("/api/auth/register", {
      method: "POST",
      body: { username, password: PASSWORD, session_cookie: true },
      headers: fromApp,
    });
    return res;
  }

  it("keeps the refresh token out of the body, in an HttpOnly, Secure, SameSite=Strict cookie on the auth path", async () => {
    const res = await cookieSignIn();
    expect(res.status).toBe(201);
    expect(res.json.data.refresh_token).toBeNull();
    const setCookie = res.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^parley_refresh=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/api\/auth(;|$)/);
  });

  it("refreshes from the cookie and rotates it", async () => {
    const signedIn = await cookieSignIn();
    const cookie = cookieOf(signedIn.headers)!;
    const res = await refresh(undefined, { ...fromApp, Cookie: `parley_refresh=${cookie}` });
    expect(res.status).toBe(200);
    expect(res.json.data.refresh_token).toBeNull();
    const next = cookieOf(res.headers);
    expect(next).toBeTruthy();
    expect(next).not.toBe(cookie);
  });

  it("refuses a cookie refresh from another origin or with no Origin (CSRF)", async () => {
    const cookie = cookieOf((await cookieSignIn()).headers)!;
    const foreign = await refresh(undefined, { Origin: "https://evil.example", Cookie: `parley_refresh=${cookie}` });
    expect(foreign.status).toBe(403);
    const missing = await refresh(undefined, { Cookie: `parley_refresh=${cookie}` });
    expect(missing.status).toBe(403);
    expect((await refresh(undefined, { ...fromApp, Cookie: `parley_refresh=${cookie}` })).status).toBe(200);
  });

  it("refuses to set the cookie for a sign-in from another origin", async () => {
    const res = await call("/api/auth/register", {
      method: "POST",
      body: { username: uniqueName(), password: PASSWORD, session_cookie: true },
      headers: { Origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("Set-Cookie")).toBeNull();
  });

  it("clears the cookie when a reused one is presented", async () => {
    const cookie = cookieOf((await cookieSignIn()).headers)!;
    await refresh(undefined, { ...fromApp, Cookie: `parley_refresh=${cookie}` });
    const replay = await refresh(undefined, { ...fromApp, Cookie: `parley_refresh=${cookie}` });
    expect(replay.status).toBe(401);
    expect(replay.headers.get("Set-Cookie")).toMatch(/parley_refresh=;.*Max-Age=0/);
  });
});
