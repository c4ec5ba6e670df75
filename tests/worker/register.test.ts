import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, PASSWORD, signUp, uniqueName } from "./helpers";

const register = (body: unknown) => call("/api/auth/register", { method: "POST", body });

describe("POST /api/auth/register", () => {
  it("creates the account and a device session, answering the contract's shape", async () => {
    const res = await register({ username: "Ada.Lovelace", password: PASSWORD, display_name: "Ada" });
    expect(res.status).toBe(201);
    const data = res.json.data;
    expect(Object.keys(data).sort()).toEqual(["access_token", "expires_in", "refresh_token", "session_id", "user"]);
    expect(data.user).toMatchObject({ username: "ada.lovelace", display_name: "Ada", avatar_url: null, bio: "" });
    expect(Object.keys(data.user).sort()).toEqual(
      ["avatar_url", "bio", "created_at", "display_name", "id", "is_admin", "username"].sort(),
    );
    expect(new Date(data.user.created_at).toISOString()).toBe(data.user.created_at);
    expect(data.expires_in).toBe(900);
    expect(data.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("makes the first account an administrator and no later one", async () => {
    const first = await signUp();
    const second = await signUp();
    expect(first.user.is_admin).toBe(true);
    expect(second.user.is_admin).toBe(false);
  });

  it("defaults the display name to the username", async () => {
    const user = await signUp("grace_h");
    expect(user.user.display_name).toBe("grace_h");
  });

  it("stores only an argon2id hash with its parameters, never the password", async () => {
    const { user } = await signUp();
    const row = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?").bind(user.id).first<{ password_hash: string }>();
    expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row!.password_hash).not.toContain(PASSWORD);
  });

  it("stores only the refresh token's hash", async () => {
    const { refresh_token } = await signUp();
    const rows = await env.DB.prepare("SELECT token_hash FROM refresh_tokens").all<{ token_hash: string }>();
    expect(rows.results.some((r) => r.token_hash === refresh_token)).toBe(false);
    expect(rows.results.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it("answers 409 for a taken username, whatever its case", async () => {
    const name = uniqueName("taken");
    await signUp(name);
    const res = await register({ username: name.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict");
    expect(res.json.error.details).toEqual([{ field: "username", message: "is taken" }]);
  });

  it.each([
    [{ username: "ab", password: PASSWORD }, "username"],
    [{ username: "a".repeat(33), password: PASSWORD }, "username"],
    [{ username: "ada lovelace", password: PASSWORD }, "username"],
    [{ username: "ada<script>", password: PASSWORD }, "username"],
    [{ username: "adaline", password: "Short1" }, "password"],
    [{ username: "adaline", password: "alllowercase1" }, "password"],
    [{ username: "adaline", password: "ALLUPPERCASE1" }, "password"],
    [{ username: "adaline", password: "NoDigitsHere" }, "password"],
    [{ username: "adaline" }, "password"],
    [{ password: PASSWORD }, "username"],
    [{ username: 42, password: PASSWORD }, "username"],
    [{ username: "adaline", password: PASSWORD, display_name: "" }, "display_name"],
    [{ username: "adaline", password: PASSWORD, display_name: "x".repeat(65) }, "display_name"],
    [{ username: "adaline", password: PASSWORD, is_admin: true }, "(body)"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    const res = await register(body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it("lists every broken password rule at once", async () => {
    const res = await register({ username: "adaline", password: "abc" });
    const messages = res.json.error.details.map((d: { message: string }) => d.message);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringContaining("8 characters"), expect.stringContaining("upper-case"), expect.stringContaining("digit")]),
    );
  });

  it("never lets a client make itself an administrator", async () => {
    await signUp();
    const res = await register({ username: uniqueName(), password: PASSWORD, is_admin: true });
    expect(res.status).toBe(400);
  });

  it("answers 400 for malformed JSON", async () => {
    const res = await call("/api/auth/register", {
      method: "POST",
      raw: '{"username": "ada",',
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
  });

  it("answers 400 for a JSON body that is not an object", async () => {
    const res = await call("/api/auth/register", { method: "POST", raw: "[1,2]", headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(400);
  });

  it("answers 415 for a body that is not JSON", async () => {
    const res = await call("/api/auth/register", {
      method: "POST",
      raw: "username=ada&password=x",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe("unsupported_media_type");
  });

  it("answers 413 for a body over 64 KiB", async () => {
    const res = await register({ username: "adaline", password: PASSWORD, display_name: "x".repeat(70_000) });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("payload_too_large");
  });
});
