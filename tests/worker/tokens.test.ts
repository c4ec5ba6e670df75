import { env } from "cloudflare:test";
import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { DEVELOPMENT_TOKEN_SECRET, signingKey } from "../../worker/lib/tokens";
import { call, signUp } from "./helpers";

const key = new TextEncoder().encode(env.TOKEN_SECRET);

async function forge(claims: { sub: string; sid: string }, options: { alg?: string; aud?: string; iss?: string; exp?: number | string; key?: Uint8Array } = {}) {
  return new SignJWT({ sid: claims.sid })
    .setProtectedHeader({ alg: options.alg ?? "HS256" })
    .setSubject(claims.sub)
    .setIssuer(options.iss ?? "parley")
    .setAudience(options.aud ?? "parley-api")
    .setIssuedAt()
    .setExpirationTime(options.exp ?? "15m")
    .sign(options.key ?? key);
}

const me = (token: string) => call("/api/me", { token });

describe("access tokens", () => {
  it("a genuine token reaches /api/me", async () => {
    const { access_token, user } = await signUp();
    const res = await me(access_token);
    expect(res.status).toBe(200);
    expect(res.json.data.id).toBe(user.id);
  });

  it("a token we forged the same way with the real key is accepted (the forging helper is sound)", async () => {
    const { user, session_id } = await signUp();
    expect((await me(await forge({ sub: user.id, sid: session_id }))).status).toBe(200);
  });

  it("refuses a token with a bad signature", async () => {
    const { access_token } = await signUp();
    const [header, payload, signature] = access_token.split(".");
    const flipped = signature!.startsWith("A") ? `B${signature!.slice(1)}` : `A${signature!.slice(1)}`;
    const res = await me(`${header}.${payload}.${flipped}`);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
  });

  it("refuses a token signed with another key", async () => {
    const { user, session_id } = await signUp();
    const other = new TextEncoder().encode("another-secret-that-is-long-enough-0123456789");
    expect((await me(await forge({ sub: user.id, sid: session_id }, { key: other }))).status).toBe(401);
  });

  it("refuses alg: none", async () => {
    const { user, session_id } = await signUp();
    const unsecured = new UnsecuredJWT({ sid: session_id })
      .setSubject(user.id)
      .setIssuer("parley")
      .setAudience("parley-api")
      .setIssuedAt()
      .setExpirationTime("15m")
      .encode();
    expect((await me(unsecured)).status).toBe(401);
  });

  it("refuses an algorithm outside the allow-list, even signed with the right key", async () => {
    const { user, session_id } = await signUp();
    expect((await me(await forge({ sub: user.id, sid: session_id }, { alg: "HS512" }))).status).toBe(401);
  });

  it("refuses an expired token", async () => {
    const { user, session_id } = await signUp();
    const expired = await forge({ sub: user.id, sid: session_id }, { exp: Math.floor(Date.now() / 1000) - 60 });
    expect((await me(expired)).status).toBe(401);
  });

  it("refuses a token for another audience or issuer", async () => {
    const { user, session_id } = await signUp();
    expect((await me(await forge({ sub: user.id, sid: session_id }, { aud: "parley-admin" }))).status).toBe(401);
    expect((await me(await forge({ sub: user.id, sid: session_id }, { iss: "someone-else" }))).status).toBe(401);
  });

  it("refuses a token whose subject does not own the session", async () => {
    const alice = await signUp();
    const bob = await signUp();
    expect((await me(await forge({ sub: bob.user.id, sid: alice.session_id }))).status).toBe(401);
  });

  it.each(["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer x.y.z", "Bearer not-a-jwt", "Bearer a.b.c"])(
    "refuses the Authorization header %j with the envelope and WWW-Authenticate",
    async (header) => {
      const res = await call("/api/me", { headers: header ? { Authorization: header } : {} });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
      expect(res.headers.get("WWW-Authenticate")).toContain("Bearer");
    },
  );

  it("stops working at once when its session is revoked, long before it expires", async () => {
    const { access_token, session_id } = await signUp();
    const revoke = await call(`/api/auth/sessions/${session_id}`, { method: "DELETE", token: access_token });
    expect(revoke.status).toBe(200);
    expect((await me(access_token)).status).toBe(401);
  });

  it("stops working when the account is blocked (403 account_disabled)", async () => {
    const { access_token, user } = await signUp();
    await env.DB.prepare("UPDATE users SET status = 'blocked' WHERE id = ?").bind(user.id).run();
    const res = await me(access_token);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("account_disabled");
  });
});

describe("the signing secret", () => {
  it("is refused when missing, short, or the development secret outside development", () => {
    expect(() => signingKey({ ENVIRONMENT: "production" })).toThrow(/secret/);
    expect(() => signingKey({ ENVIRONMENT: "production", TOKEN_SECRET: "short" })).toThrow(/secret/);
    expect(() => signingKey({ ENVIRONMENT: "production", TOKEN_SECRET: DEVELOPMENT_TOKEN_SECRET })).toThrow(/secret/);
    expect(() => signingKey({ TOKEN_SECRET: DEVELOPMENT_TOKEN_SECRET })).toThrow(/secret/);
  });

  it("is accepted when strong, and the development secret only in development", () => {
    expect(signingKey({ ENVIRONMENT: "production", TOKEN_SECRET: "x9".repeat(32) })).toHaveLength(64);
    expect(signingKey({ ENVIRONMENT: "development", TOKEN_SECRET: DEVELOPMENT_TOKEN_SECRET }).length).toBeGreaterThan(32);
  });
});
