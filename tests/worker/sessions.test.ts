import { describe, expect, it } from "vitest";
import { call, signIn, signUp, uniqueName } from "./helpers";

describe("device sessions", () => {
  it("lists the caller's live sessions with the current one marked", async () => {
    const name = uniqueName();
    const phone = await signUp(name, { device_name: "Ada's phone" });
    const laptop = (await call("/api/auth/login", { method: "POST", body: { username: name, password: "Correct-Horse-9", device_name: "Laptop" } })).json.data;
    const res = await call("/api/auth/sessions", { token: laptop.access_token });
    expect(res.status).toBe(200);
    expect(res.json.data).toHaveLength(2);
    const byName = Object.fromEntries(res.json.data.map((s: { device_name: string }) => [s.device_name, s]));
    expect(byName["Laptop"]).toMatchObject({ id: laptop.session_id, current: true });
    expect(byName["Ada's phone"]).toMatchObject({ id: phone.session_id, current: false });
    expect(Object.keys(byName["Laptop"]).sort()).toEqual(["created_at", "current", "device_name", "id", "last_seen_at"]);
  });

  it("never shows another user's sessions", async () => {
    await signUp();
    const bob = await signUp();
    const res = await call("/api/auth/sessions", { token: bob.access_token });
    expect(res.json.data).toHaveLength(1);
  });

  it("revoking another device ends its refresh token and access token, not the caller's", async () => {
    const name = uniqueName();
    const phone = await signUp(name);
    const laptop = (await signIn(name)).json.data;
    const res = await call(`/api/auth/sessions/${phone.session_id}`, { method: "DELETE", token: laptop.access_token });
    expect(res.status).toBe(200);
    expect((await call("/api/me", { token: phone.access_token })).status).toBe(401);
    expect((await call("/api/auth/refresh", { method: "POST", body: { refresh_token: phone.refresh_token } })).status).toBe(401);
    expect((await call("/api/me", { token: laptop.access_token })).status).toBe(200);
    const list = await call("/api/auth/sessions", { token: laptop.access_token });
    expect(list.json.data.map((s: { id: string }) => s.id)).toEqual([laptop.session_id]);
  });

  it("answers 404 for another user's session and leaves it alone", async () => {
    const alice = await signUp();
    const mallory = await signUp();
    const res = await call(`/api/auth/sessions/${alice.session_id}`, { method: "DELETE", token: mallory.access_token });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
    expect((await call("/api/me", { token: alice.access_token })).status).toBe(200);
  });

  it("answers 404 for an unknown or already revoked session", async () => {
    const name = uniqueName();
    const a = await signUp(name);
    const b = (await signIn(name)).json.data;
    expect((await call("/api/auth/sessions/nope", { method: "DELETE", token: a.access_token })).status).toBe(404);
    await call(`/api/auth/sessions/${b.session_id}`, { method: "DELETE", token: a.access_token });
    expect((await call(`/api/auth/sessions/${b.session_id}`, { method: "DELETE", token: a.access_token })).status).toBe(404);
  });

  it("answers 401 without a token", async () => {
    expect((await call("/api/auth/sessions")).status).toBe(401);
    expect((await call("/api/auth/sessions/x", { method: "DELETE" })).status).toBe(401);
  });
});

describe("POST /api/auth/logout", () => {
  it("revokes the current session: its access and refresh tokens stop working", async () => {
    const user = await signUp();
    const res = await call("/api/auth/logout", { method: "POST", token: user.access_token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: null });
    expect(res.headers.get("Set-Cookie")).toMatch(/parley_refresh=;/);
    expect((await call("/api/me", { token: user.access_token })).status).toBe(401);
    expect((await call("/api/auth/refresh", { method: "POST", body: { refresh_token: user.refresh_token } })).status).toBe(401);
  });

  it("leaves the user's other sessions signed in", async () => {
    const name = uniqueName();
    const a = await signUp(name);
    const b = (await signIn(name)).json.data;
    await call("/api/auth/logout", { method: "POST", token: a.access_token });
    expect((await call("/api/me", { token: b.access_token })).status).toBe(200);
  });

  it("answers 401 without a token", async () => {
    expect((await call("/api/auth/logout", { method: "POST" })).status).toBe(401);
  });
});
