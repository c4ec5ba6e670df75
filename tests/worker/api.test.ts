import { describe, expect, it } from "vitest";
import { call } from "./helpers";

describe("the API surface", () => {
  it("answers an unknown route with the 404 envelope", async () => {
    const res = await call("/api/does-not-exist");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  });

  it("answers a wrong method with the 404 envelope, not a 500", async () => {
    const res = await call("/api/auth/login", { method: "GET" });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
  });

  it("marks API answers no-store and nosniff, with a request id", async () => {
    const res = await call("/api/health");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("X-Request-Id")).toBeTruthy();
  });

  it("describes every REST route in /api/openapi.json, generated from the validating schemas", async () => {
    const res = await call("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe("3.1.0");
    const routes = Object.entries(res.json.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        "POST /api/auth/register",
        "POST /api/auth/login",
        "POST /api/auth/refresh",
        "POST /api/auth/logout",
        "GET /api/auth/sessions",
        "DELETE /api/auth/sessions/{id}",
        "GET /api/me",
        "PATCH /api/me",
        "DELETE /api/me",
        "GET /api/me/export",
        "GET /api/users/search",
        "GET /api/users/{id}",
        "GET /api/health",
        "POST /api/rooms",
        "POST /api/rooms/direct",
        "GET /api/rooms",
        "GET /api/rooms/{id}",
        "PATCH /api/rooms/{id}",
        "POST /api/rooms/{id}/members",
        "DELETE /api/rooms/{id}/members/{user_id}",
        "PUT /api/rooms/{id}/settings",
        "GET /api/rooms/{id}/messages",
        "POST /api/rooms/{id}/messages",
        "PATCH /api/rooms/{id}/messages/{seq}",
        "DELETE /api/rooms/{id}/messages/{seq}",
        "PUT /api/rooms/{id}/messages/{seq}/reactions/{emoji}",
        "DELETE /api/rooms/{id}/messages/{seq}/reactions/{emoji}",
        "PUT /api/rooms/{id}/messages/{seq}/vote",
        "POST /api/rooms/{id}/messages/{seq}/close",
        "POST /api/rooms/{id}/messages/{seq}/report",
        "POST /api/rooms/{id}/read",
        "POST /api/rooms/{id}/invites",
        "GET /api/invites/{token}",
        "POST /api/invites/{token}/join",
        "POST /api/realtime/ticket",
        "GET /api/ws",
        "GET /api/rooms/{id}/ws",
        "POST /api/uploads",
        "GET /api/uploads/{id}",
        "GET /api/search",
        "GET /api/push/vapid-public-key",
        "POST /api/push/subscriptions",
        "DELETE /api/push/subscriptions",
        "GET /api/admin/stats",
        "GET /api/admin/users",
        "GET /api/admin/users/{id}",
        "POST /api/admin/users/{id}/block",
        "POST /api/admin/users/{id}/unblock",
        "POST /api/admin/users/{id}/delete",
        "PUT /api/admin/users/{id}/admin",
        "GET /api/admin/reports",
        "POST /api/admin/reports/{id}/resolve",
        "GET /api/admin/audit",
      ].sort(),
    );
    const register = res.json.components.schemas.RegisterBody;
    expect(register.required).toEqual(["username", "password"]);
    expect(register.additionalProperties).toBe(false);
    expect(res.json.components.securitySchemes.Bearer.scheme).toBe("bearer");
  });

  it("serves a readable API reference with no third-party scripts", async () => {
    const res = await call("/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(res.text).toContain("/api/auth/register");
    expect(res.text).toContain("Create an account");
    expect(res.text).not.toMatch(/<script/i);
  });
});
