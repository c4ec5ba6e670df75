import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { call, makeRoom, PASSWORD, people, say, signIn, signUp } from "./helpers";
import { openRoom, ticketFor, upgrade } from "./socket";

// Everything the Worker writes to the console during a test, whatever the level.
let output: string[] = [];
beforeEach(() => {
  output = [];
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(" ")));
  }
});
afterEach(() => vi.restoreAllMocks());

const requestLines = () =>
  output.flatMap((line) => {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    return parsed.event === "request" ? [parsed] : [];
  });

describe("request logs", () => {
  it("writes one JSON line per request with its id, method, route pattern, status and duration", async () => {
    const [ada] = await people(1);
    const res = await call("/api/users/does-not-exist", { token: ada.token });
    expect(res.status).toBe(404);
    const lines = requestLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual({
      level: "info",
      event: "request",
      request_id: res.headers.get("X-Request-Id"),
      method: "GET",
      route: "/api/users/:id",
      status: 404,
      duration_ms: expect.any(Number),
    });
  });

  it("names no route for a path that matches none, and logs the path nowhere", async () => {
    await call("/api/no/such/thing-abc123");
    expect(requestLines()).toEqual([expect.objectContaining({ route: null, status: 404 })]);
    expect(output.join("\n")).not.toContain("thing-abc123");
  });

  it("never writes a password, token, cookie, ticket, invite token or message text", async () => {
    const username = "secretive";
    const signedUp = await signUp(username);
    const login = await signIn(username, PASSWORD, { Cookie: "parley_refresh=cookie-value-xyz" });
    expect(login.status).toBe(200);
    const { access_token, refresh_token } = login.json.data;
    const refreshed = await call("/api/auth/refresh", { method: "POST", body: { refresh_token } });
    expect(refreshed.status).toBe(200);
    const wrong = await signIn(username, "Wrong-Password-1");
    expect(wrong.status).toBe(401);

    const [bob] = await people(1);
    const room = await makeRoom(bob);
    await say(room.id, bob, "the secret plan is at noon");
    const invite = (await call(`/api/rooms/${room.id}/invites`, { method: "POST", token: bob.token, body: {} })).json.data;
    expect((await call(`/api/invites/${invite.token}`)).status).toBe(200);
    const ticket = await ticketFor(bob.token);
    const socket = await openRoom(bob.token, room.id);
    socket.send({ type: "send", client_msg_id: "c1", kind: "text", text: "whispered over the socket" });
    await socket.next((frame) => frame.type === "ack");
    expect((await upgrade(`/api/rooms/${room.id}/ws?ticket=${ticket}-tampered`)).status).toBe(401);

    const everything = output.join("\n");
    for (const secret of [
      PASSWORD,
      "Wrong-Password-1",
      signedUp.access_token,
      access_token,
      refresh_token,
      refreshed.json.data.access_token,
      refreshed.json.data.refresh_token,
      "cookie-value-xyz",
      bob.token,
      ticket,
      invite.token,
      "the secret plan",
      "whispered",
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(requestLines().map((line) => line.route)).toEqual(
      expect.arrayContaining(["/api/auth/login", "/api/auth/refresh", "/api/invites/:token", "/api/rooms/:id/ws"]),
    );
  });
});
