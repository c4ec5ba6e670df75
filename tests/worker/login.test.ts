import { describe, expect, it } from "vitest";
import { call, PASSWORD, setUserStatus, signIn, signUp, uniqueName } from "./helpers";

describe("POST /api/auth/login", () => {
  it("signs in with the right password and opens a new session", async () => {
    const name = uniqueName();
    const first = await signUp(name);
    const res = await signIn(name.toUpperCase());
    expect(res.status).toBe(200);
    expect(res.json.data.user.id).toBe(first.user.id);
    expect(res.json.data.session_id).not.toBe(first.session_id);
    expect(typeof res.json.data.access_token).toBe("string");
  });

  it("answers invalid_credentials alike for a wrong password and an unknown user", async () => {
    const name = uniqueName();
    await signUp(name);
    const wrong = await signIn(name, "Wrong-Password-1");
    const unknown = await signIn(uniqueName("ghost"), PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.json.error.code).toBe("invalid_credentials");
  });

  it("answers 429 with Retry-After after 5 failures for one username, even for the right password", async () => {
    const name = uniqueName();
    await signUp(name);
    for (let i = 0; i < 5; i++) expect((await signIn(name, "Wrong-Password-1")).status).toBe(401);
    const locked = await signIn(name, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.json.error.code).toBe("rate_limited");
    const retryAfter = Number(locked.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });

  it("limits one address trying many usernames", async () => {
    const address = { "CF-Connecting-IP": "203.0.113.7" };
    for (let i = 0; i < 5; i++) await signIn(uniqueName("guess"), "Wrong-Password-1", address);
    const name = uniqueName();
    await signUp(name);
    expect((await signIn(name, PASSWORD, address)).status).toBe(429);
    expect((await signIn(name, PASSWORD, { "CF-Connecting-IP": "198.51.100.2" })).status).toBe(200);
  });

  it("forgets a username's failures after a successful sign-in", async () => {
    const name = uniqueName();
    await signUp(name);
    for (let i = 0; i < 4; i++) await signIn(name, "Wrong-Password-1", { "CF-Connecting-IP": `192.0.2.${i}` });
    expect((await signIn(name)).status).toBe(200);
    for (let i = 0; i < 4; i++) await signIn(name, "Wrong-Password-1", { "CF-Connecting-IP": `192.0.2.${10 + i}` });
    expect((await signIn(name)).status).toBe(200);
  });

  it("refuses a blocked or deleted account with 403 account_disabled", async () => {
    const blocked = uniqueName();
    const { user } = await signUp(blocked);
    await setUserStatus(user.id, "blocked");
    const res = await signIn(blocked);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("account_disabled");
    await setUserStatus(user.id, "deleted");
    expect((await signIn(blocked)).status).toBe(403);
  });

  it("names the device after the browser when no device_name is given", async () => {
    const name = uniqueName();
    await signUp(name);
    const ua = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";
    const res = await signIn(name, PASSWORD, { "User-Agent": ua });
    const list = await call("/api/auth/sessions", { token: res.json.data.access_token });
    const current = list.json.data.find((s: { current: boolean }) => s.current);
    expect(current.device_name).toBe("Chrome on Android");
  });

  it.each([
    [{ username: "ada" }],
    [{ password: PASSWORD }],
    [{ username: "", password: PASSWORD }],
    [{ username: "ada", password: "" }],
    [{ username: "ada", password: PASSWORD, remember: true }],
    [{ username: ["ada"], password: PASSWORD }],
  ])("answers 400 for %j", async (body) => {
    const res = await call("/api/auth/login", { method: "POST", body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
  });

  it("answers 415 without a JSON content type", async () => {
    const res = await call("/api/auth/login", { method: "POST", raw: JSON.stringify({ username: "ada", password: PASSWORD }), headers: { "Content-Type": "text/plain" } });
    expect(res.status).toBe(415);
  });
});
