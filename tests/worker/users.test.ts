import { describe, expect, it } from "vitest";
import { call, setUserStatus, signUp } from "./helpers";

const search = (token: string, query: string) => call(`/api/users/search?${query}`, { token });

describe("GET /api/users/search", () => {
  it("finds people by username prefix and display-name substring, exact username first", async () => {
    const me = await signUp("searcher");
    await signUp("ann", { display_name: "Ann Example" });
    await signUp("anna.k", { display_name: "Anna Karenina" });
    await signUp("zed", { display_name: "Joanne Z" });
    await signUp("bob", { display_name: "Bob" });
    const res = await search(me.access_token, "q=ann");
    expect(res.status).toBe(200);
    expect(res.json.data.map((u: { username: string }) => u.username)).toEqual(["ann", "anna.k", "zed"]);
  });

  it("matches case-insensitively and honours limit", async () => {
    const me = await signUp("searcher");
    for (const name of ["kim1", "kim2", "kim3"]) await signUp(name);
    const res = await search(me.access_token, "q=KIM&limit=2");
    expect(res.json.data).toHaveLength(2);
  });

  it("treats % and _ literally", async () => {
    const me = await signUp("searcher");
    await signUp("percy");
    expect((await search(me.access_token, "q=%25")).json.data).toEqual([]);
    expect((await search(me.access_token, "q=_")).json.data).toEqual([]);
  });

  it("never lists blocked or deleted accounts", async () => {
    const me = await signUp("searcher");
    const gone = await signUp("gone.user");
    const blocked = await signUp("gone.blocked");
    await setUserStatus(gone.user.id, "deleted");
    await setUserStatus(blocked.user.id, "blocked");
    expect((await search(me.access_token, "q=gone")).json.data).toEqual([]);
  });

  it.each(["", "q=", "q=%20%20", "q=ann&limit=0", "q=ann&limit=51", "q=ann&limit=many", "q=ann&sort=asc"])(
    "answers 400 for ?%s",
    async (query) => {
      const me = await signUp("searcher");
      const res = await search(me.access_token, query);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
    },
  );

  it("answers 401 without a token", async () => {
    expect((await call("/api/users/search?q=ann")).status).toBe(401);
  });
});

describe("GET /api/users/:id", () => {
  it("answers a person's public profile", async () => {
    const me = await signUp("viewer");
    const other = await signUp("viewed", { display_name: "Viewed" });
    const res = await call(`/api/users/${other.user.id}`, { token: me.access_token });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual(other.user);
  });

  it("answers 404 for an unknown user", async () => {
    const me = await signUp("viewer");
    const res = await call("/api/users/unknown-id", { token: me.access_token });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
  });

  it("answers a deleted account as Deleted User, with nothing that identified the person", async () => {
    const me = await signUp("viewer");
    const other = await signUp("viewed", { display_name: "Viewed Person" });
    await setUserStatus(other.user.id, "deleted");
    const res = await call(`/api/users/${other.user.id}`, { token: me.access_token });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ id: other.user.id, username: "", display_name: "Deleted User", bio: "", avatar_url: null });
  });

  it("answers 401 without a token", async () => {
    expect((await call("/api/users/abc")).status).toBe(401);
  });
});
