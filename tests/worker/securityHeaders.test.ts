import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index";
import {
  API_CONTENT_SECURITY_POLICY,
  COMMON_SECURITY_HEADERS,
  STRICT_TRANSPORT_SECURITY,
} from "../../worker/lib/securityHeaders";
import { ALLOWED } from "./fileFixtures";
import { call, people } from "./helpers";

afterEach(() => vi.restoreAllMocks());

function expectSecurityHeaders(headers: Headers, csp = API_CONTENT_SECURITY_POLICY) {
  for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) expect(headers.get(name), name).toBe(value);
  expect(headers.get("Content-Security-Policy")).toBe(csp);
}

describe("security headers on the Worker's answers", () => {
  it("are on a successful API answer, an unauthenticated refusal, a validation error and a 404", async () => {
    const [ada] = await people(1);
    const answers = [
      await call("/api/me", { token: ada.token }),
      await call("/api/me"),
      await call("/api/users/search?q=", { token: ada.token }),
      await call("/api/nothing/here"),
      await call("/api/auth/login", { method: "POST", raw: "{not json", headers: { "Content-Type": "application/json" } }),
    ];
    expect(answers.map((res) => res.status)).toEqual([200, 401, 400, 404, 400]);
    for (const res of answers) expectSecurityHeaders(res.headers);
  });

  it("are on a 500 too", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = { prepare: () => { throw new Error("database down"); } } as unknown as D1Database;
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request("http://parley.test/api/auth/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "ada", password: "Whatever-1" }) }),
      { ...env, DB: broken },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(500);
    expectSecurityHeaders(res.headers);
  });

  it("send HSTS over HTTPS only", async () => {
    const secure = await exports.default.fetch("https://parley.test/api/health");
    expect(secure.headers.get("Strict-Transport-Security")).toBe(STRICT_TRANSPORT_SECURITY);
    const plain = await exports.default.fetch("http://parley.test/api/health");
    expect(plain.headers.get("Strict-Transport-Security")).toBeNull();
  });

  it("leave a route's own policy in place: the sandboxed file download and the API reference", async () => {
    const [ada] = await people(1);
    const png = ALLOWED.find((fixture) => fixture.name === "diagram.png")!;
    const form = new FormData();
    form.append("file", new File([png.bytes], png.name));
    const uploaded = await call("/api/uploads", { method: "POST", token: ada.token, raw: form });
    expect(uploaded.status).toBe(201);
    const file = await call(uploaded.json.data.url, { token: ada.token });
    expect(file.status).toBe(200);
    expectSecurityHeaders(file.headers, "default-src 'none'; sandbox; frame-ancestors 'none'");

    const docs = await call("/api/docs");
    expect(docs.headers.get("Content-Security-Policy")).toContain("style-src 'unsafe-inline'");
    expect(docs.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(docs.headers.get("X-Frame-Options")).toBe("DENY");
  });
});
