import { describe, expect, it } from "vitest";
import { call, signUp } from "./helpers";

const patch = (token: string, body: unknown) => call("/api/me", { method: "PATCH", token, body });

describe("GET /api/me", () => {
  it("answers the caller's own profile", async () => {
    const { access_token, user } = await signUp("margaret");
    const res = await call("/api/me", { token: access_token });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ ...user, notifications: "on" });
  });

  it("answers 401 without a token", async () => {
    const res = await call("/api/me");
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
  });
});

describe("PATCH /api/me", () => {
  it("changes the display name and bio, trimmed", async () => {
    const { access_token } = await signUp();
    const res = await patch(access_token, { display_name: "  Margaret H.  ", bio: "Apollo guidance software" });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ display_name: "Margaret H.", bio: "Apollo guidance software" });
    expect((await call("/api/me", { token: access_token })).json.data.display_name).toBe("Margaret H.");
  });

  it("keeps fields that are not sent", async () => {
    const { access_token } = await signUp();
    await patch(access_token, { bio: "first" });
    const res = await patch(access_token, { display_name: "New" });
    expect(res.json.data.bio).toBe("first");
  });

  it("clears the avatar with avatar_upload_id: null", async () => {
    const { access_token } = await signUp();
    const res = await patch(access_token, { avatar_upload_id: null });
    expect(res.status).toBe(200);
    expect(res.json.data.avatar_url).toBeNull();
  });

  it("refuses an avatar_upload_id that is not the caller's upload", async () => {
    const { access_token } = await signUp();
    const res = await patch(access_token, { avatar_upload_id: "someone-elses-file" });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0].field).toBe("avatar_upload_id");
  });

  it.each([
    [{}, "(body)"],
    [{ display_name: "" }, "display_name"],
    [{ display_name: "   " }, "display_name"],
    [{ display_name: "x".repeat(65) }, "display_name"],
    [{ bio: "x".repeat(501) }, "bio"],
    [{ bio: 5 }, "bio"],
    [{ username: "renamed" }, "(body)"],
    [{ is_admin: true }, "(body)"],
  ])("answers 400 for %j", async (body, field) => {
    const { access_token } = await signUp();
    const res = await patch(access_token, body);
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it("answers 401 without a token", async () => {
    expect((await call("/api/me", { method: "PATCH", body: { bio: "x" } })).status).toBe(401);
  });
});
