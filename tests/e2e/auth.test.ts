import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../support/server.ts";

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const PASSWORD = "Correct-Horse-9";

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
}

describe("accounts over real HTTP", () => {
  it("of two sign-ups racing on an empty instance exactly one becomes administrator", async () => {
    const [a, b] = await Promise.all([
      post("/api/auth/register", { username: "racer.one", password: PASSWORD }),
      post("/api/auth/register", { username: "racer.two", password: PASSWORD }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.json.data.user.is_admin, b.json.data.user.is_admin].filter(Boolean)).toHaveLength(1);
  });

  it("of many sign-ups racing for one username exactly one wins and the rest get 409", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => post("/api/auth/register", { username: "contested", password: PASSWORD })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
  });

  it("a browser-style session lives in the cookie: sign in, refresh by cookie, sign out", async () => {
    await post("/api/auth/register", { username: "cookie.user", password: PASSWORD });
    const origin = { Origin: app.url };
    const login = await post("/api/auth/login", { username: "cookie.user", password: PASSWORD, session_cookie: true }, origin);
    expect(login.status).toBe(200);
    expect(login.json.data.refresh_token).toBeNull();
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;

    const refreshed = await post("/api/auth/refresh", {}, { ...origin, Cookie: cookie });
    expect(refreshed.status).toBe(200);
    const access = refreshed.json.data.access_token;

    const logout = await fetch(`${app.url}/api/auth/logout`, { method: "POST", headers: { Authorization: `Bearer ${access}` } });
    expect(logout.status).toBe(200);
    const next = refreshed.headers.get("set-cookie")!.split(";")[0]!;
    expect((await post("/api/auth/refresh", {}, { ...origin, Cookie: next })).status).toBe(401);
  });

  it("locks a username after five failures, across separate connections", async () => {
    await post("/api/auth/register", { username: "locked.out", password: PASSWORD });
    const attempts = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        post("/api/auth/login", { username: "locked.out", password: "Wrong-Pass-1" }, { "CF-Connecting-IP": `192.0.2.${i + 1}` }),
      ),
    );
    expect(attempts.every((a) => a.status === 401)).toBe(true);
    const locked = await post("/api/auth/login", { username: "locked.out", password: PASSWORD }, { "CF-Connecting-IP": "192.0.2.99" });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
