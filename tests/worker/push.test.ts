import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { base64url } from "jose";
import { describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { database } from "../../worker/lib/db";
import { openSession } from "../../worker/lib/sessions";
import { signAccessToken } from "../../worker/lib/tokens";
import { call, fieldsOf, ORIGIN, person, signUp, PASSWORD, type Person } from "./helpers";

const DEV_PUBLIC_KEY = "BAQ6ivD5PemDjiOqp4TAebXgv81AZ0tbnI3s9urM7kgLcHQ6pysrQ-bnM5Ga4-6IsmiVLF9W-YKTg6IEtDzlqgA";

let endpoints = 0;
const endpoint = () => `https://push.example.net/wpush/v2/device-${endpoints++}`;

/** A browser's subscription keys: a real P-256 public key and a 16-byte secret. */
async function browserKeys() {
  const pair = (await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"])) as CryptoKeyPair;
  const point = new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  return { p256dh: base64url.encode(point), auth: base64url.encode(crypto.getRandomValues(new Uint8Array(16))) };
}

const subscribe = async (token: string | undefined, body: unknown) => call("/api/push/subscriptions", { method: "POST", token, body });
const unsubscribe = (token: string | undefined, body: unknown) => call("/api/push/subscriptions", { method: "DELETE", token, body });

async function subscription(who: Pick<Person, "token">, url = endpoint()) {
  const res = await subscribe(who.token, { endpoint: url, keys: await browserKeys(), expirationTime: null });
  if (res.status !== 201) throw new Error(`subscribing failed: ${res.status} ${res.text}`);
  return url;
}

/** Another device session of the same person. */
async function anotherDevice(who: Person): Promise<Person & { sessionId: string }> {
  const { sessionId } = await openSession(database(env.DB), who.id, "second device");
  return { ...who, sessionId, token: await signAccessToken(env, { userId: who.id, sessionId }) };
}

const storedEndpoints = async (userId: string) =>
  (await env.DB.prepare("SELECT endpoint FROM push_subscriptions WHERE user_id = ?1 ORDER BY endpoint").bind(userId).all<{ endpoint: string }>()).results.map(
    (row) => row.endpoint,
  );

describe("GET /api/push/vapid-public-key", () => {
  it("answers the configured public key without signing in", async () => {
    const res = await call("/api/push/vapid-public-key");
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ key: DEV_PUBLIC_KEY });
  });

  it("answers 503 push_unavailable when the server has no VAPID keys", async () => {
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(`${ORIGIN}/api/push/vapid-public-key`), { ...env, VAPID_PRIVATE_KEY: "" } as Env, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    expect(((await res.json()) as any).error.code).toBe("push_unavailable");
  });
});

describe("POST /api/push/subscriptions", () => {
  it("stores this device's subscription once: 201, then 200 when the browser sends it again", async () => {
    const ada = await person();
    const url = endpoint();
    const body = { endpoint: url, keys: await browserKeys(), expirationTime: null, lang: "ko" };
    const first = await subscribe(ada.token, body);
    expect(first.status).toBe(201);
    expect(first.json.data).toEqual({ endpoint: url, lang: "ko", created_at: expect.any(String) });
    const again = await subscribe(ada.token, body);
    expect(again.status).toBe(200);
    expect(await storedEndpoints(ada.id)).toEqual([url]);
  });

  it("keeps one subscription per device session: a new one replaces the old", async () => {
    const ada = await person();
    const old = await subscription(ada);
    const fresh = await subscription(ada);
    expect(await storedEndpoints(ada.id)).toEqual([fresh]);
    expect(old).not.toBe(fresh);
  });

  it("keeps each device's subscription apart", async () => {
    const ada = await person();
    const laptop = await anotherDevice(ada);
    const phoneUrl = await subscription(ada);
    const laptopUrl = await subscription(laptop);
    expect(await storedEndpoints(ada.id)).toEqual([phoneUrl, laptopUrl].sort());
  });

  it("answers 401 without a token", async () => {
    expect((await subscribe(undefined, { endpoint: endpoint(), keys: await browserKeys() })).status).toBe(401);
  });

  it("refuses an endpoint that is not a push service's https address", async () => {
    const ada = await person();
    const keys = await browserKeys();
    for (const url of ["http://push.example.net/x", "https://10.1.2.3/x", "https://localhost/x", "javascript:alert(1)", "not a url"]) {
      const res = await subscribe(ada.token, { endpoint: url, keys });
      expect(res.status, url).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
      expect(fieldsOf(res)).toEqual(["endpoint"]);
    }
    expect(await storedEndpoints(ada.id)).toEqual([]);
  });

  it("refuses keys of the wrong length, not base64url, or not on the curve", async () => {
    const ada = await person();
    const { p256dh, auth } = await browserKeys();
    const cases: [unknown, string][] = [
      [{ p256dh: p256dh.slice(0, 40), auth }, "keys.p256dh"],
      [{ p256dh, auth: `${auth}AAAA` }, "keys.auth"],
      [{ p256dh: `${p256dh.slice(0, 80)}+/+/+/+`, auth }, "keys.p256dh"],
      [{ p256dh: base64url.encode(new Uint8Array(65).fill(4)), auth }, "keys.p256dh"],
      [{ p256dh: base64url.encode(new Uint8Array([2, ...new Uint8Array(64).fill(9)])), auth }, "keys.p256dh"],
      [{ auth }, "keys.p256dh"],
    ];
    for (const [keys, field] of cases) {
      const res = await subscribe(ada.token, { endpoint: endpoint(), keys });
      expect(res.status, JSON.stringify(keys)).toBe(400);
      expect(fieldsOf(res)).toContain(field);
    }
  });

  it("refuses unknown fields, a missing body and malformed JSON with 400", async () => {
    const ada = await person();
    const keys = await browserKeys();
    expect(fieldsOf(await subscribe(ada.token, { endpoint: endpoint(), keys, admin: true }))).toEqual(["(body)"]);
    expect((await subscribe(ada.token, { keys })).status).toBe(400);
    const malformed = await call("/api/push/subscriptions", { method: "POST", token: ada.token, raw: "{", headers: { "Content-Type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("invalid_request");
  });
});

describe("DELETE /api/push/subscriptions", () => {
  it("removes the caller's subscription named by its endpoint", async () => {
    const ada = await person();
    const url = await subscription(ada);
    const res = await unsubscribe(ada.token, { endpoint: url });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: null });
    expect(await storedEndpoints(ada.id)).toEqual([]);
  });

  it("answers 404 for someone else's subscription and leaves it alone", async () => {
    const [ada, mallory] = [await person(), await person()];
    const url = await subscription(ada);
    const res = await unsubscribe(mallory.token, { endpoint: url });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
    expect(await storedEndpoints(ada.id)).toEqual([url]);
  });

  it("answers 400 without an endpoint and 401 without a token", async () => {
    const ada = await person();
    expect((await unsubscribe(ada.token, {})).status).toBe(400);
    expect((await unsubscribe(undefined, { endpoint: endpoint() })).status).toBe(401);
  });
});

describe("subscriptions end with their device session", () => {
  it("signing out on a device removes that device's subscription only", async () => {
    const ada = await person();
    const laptop = await anotherDevice(ada);
    await subscription(ada);
    const laptopUrl = await subscription(laptop);
    expect((await call("/api/auth/logout", { method: "POST", token: ada.token })).status).toBe(200);
    expect(await storedEndpoints(ada.id)).toEqual([laptopUrl]);
  });

  it("revoking a device from another removes its subscription", async () => {
    const ada = await person();
    const laptop = await anotherDevice(ada);
    const phoneUrl = await subscription(ada);
    await subscription(laptop);
    expect((await call(`/api/auth/sessions/${laptop.sessionId}`, { method: "DELETE", token: ada.token })).status).toBe(200);
    expect(await storedEndpoints(ada.id)).toEqual([phoneUrl]);
  });

  it("deleting the account removes every subscription", async () => {
    const ada = await signUp();
    const me = { id: ada.user.id, token: ada.access_token, user: ada.user };
    await subscription(me);
    await subscription(await anotherDevice(me));
    const res = await call("/api/me", { method: "DELETE", token: ada.access_token, body: { password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(await storedEndpoints(ada.user.id)).toEqual([]);
  });
});

describe("the notification setting", () => {
  it("is on by default, shown to its owner only, and changed with PATCH /api/me", async () => {
    const [ada, bob] = [await person(), await person()];
    expect((await call("/api/me", { token: ada.token })).json.data.notifications).toBe("on");
    const res = await call("/api/me", { method: "PATCH", token: ada.token, body: { notifications: "no_preview" } });
    expect(res.status).toBe(200);
    expect(res.json.data.notifications).toBe("no_preview");
    expect((await call("/api/me", { token: ada.token })).json.data.notifications).toBe("no_preview");
    const seen = await call(`/api/users/${ada.id}`, { token: bob.token });
    expect(seen.json.data).not.toHaveProperty("notifications");
  });

  it("refuses a value that is not on, no_preview or off", async () => {
    const ada = await person();
    const res = await call("/api/me", { method: "PATCH", token: ada.token, body: { notifications: "loud" } });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(["notifications"]);
  });
});
