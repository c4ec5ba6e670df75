import { randomBytes } from "node:crypto";
import ece from "http_ece";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptPushMessage } from "../../worker/push/encrypt.ts";
import { Client } from "../support/client.ts";
import { devVars } from "../support/devVars.ts";
import { PushReceiver, startPushService, verifyVapid, type PushService } from "../support/pushService.ts";
import { startApp, type RunningApp } from "../support/server.ts";

const { VAPID_PUBLIC_KEY, VAPID_SUBJECT } = devVars();

let app: RunningApp;
let push: PushService;
let alice: Client;

beforeAll(async () => {
  [app, push] = await Promise.all([startApp(), startPushService()]);
  alice = await Client.signUp(app.url, "alice");
});
afterAll(async () => {
  await app?.close();
  await push?.close();
});

/** A signed-up person whose device subscribed at the stand-in service under /<username>. */
async function subscriber(username: string, lang?: "en" | "ko") {
  const client = await Client.signUp(app.url, username);
  const receiver = new PushReceiver(`${push.origin}/${username}`);
  const res = await client.call("POST", "/api/push/subscriptions", receiver.subscription(lang));
  expect(res.status).toBe(201);
  return { client, receiver, path: `/${username}` };
}

async function say(roomId: string, text: string) {
  const res = await alice.call("POST", `/api/rooms/${roomId}/messages`, { client_msg_id: `m-${randomBytes(6).toString("hex")}`, kind: "text", text });
  expect(res.status).toBe(201);
  return res.body.data as { seq: number };
}

async function storedEndpoints(): Promise<string[]> {
  const { DB } = (await app.harness.getWorker().getEnv()) as { DB: { prepare(sql: string): { all(): Promise<{ results: { endpoint: string }[] }> } } };
  return (await DB.prepare("SELECT endpoint FROM push_subscriptions").all()).results.map((row) => row.endpoint);
}

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("Web Push to a local stand-in push service", () => {
  it("pushes a new message to offline members only: VAPID-signed, aes128gcm, coalesced per room", async () => {
    const bob = await subscriber("bob", "ko");
    const carol = await subscriber("carol");
    const eve = await subscriber("eve");
    const henry = await subscriber("henry");
    await henry.client.call("PATCH", "/api/me", { notifications: "off" });
    const created = await alice.call("POST", "/api/rooms", {
      kind: "group",
      title: "Launch",
      member_ids: [bob, carol, eve, henry].map((p) => p.client.user.id),
    });
    const roomId = created.body.data.id as string;
    // Carol has the app open (her inbox socket); Eve muted the room.
    const carolInbox = await carol.client.socket("/api/ws");
    await carolInbox.until((frames) => frames.find((f) => f.type === "hello"));
    expect((await eve.client.call("PUT", `/api/rooms/${roomId}/settings`, { muted_until: "2999-01-01T00:00:00Z" })).status).toBe(200);

    const sentAt = Date.now();
    const first = await say(roomId, "Lift-off at noon");
    const [request] = await push.received(bob.path);
    expect(request!.headers["content-encoding"]).toBe("aes128gcm");
    expect(request!.headers["content-type"]).toBe("application/octet-stream");
    expect(request!.headers.ttl).toBe("86400");
    expect(request!.headers.urgency).toBe("normal");
    expect(request!.headers.topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    const claims = await verifyVapid(request!, VAPID_PUBLIC_KEY!);
    expect(claims.aud).toBe(push.origin);
    expect(claims.sub).toBe(VAPID_SUBJECT);
    expect(claims.exp! * 1000).toBeGreaterThan(sentAt);
    expect(claims.exp! * 1000 - sentAt).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
    expect(bob.receiver.decrypt(request!)).toEqual({
      type: "message",
      room_id: roomId,
      room_kind: "group",
      room_title: "Launch",
      seq: first.seq,
      sender_name: "alice",
      kind: "text",
      preview: true,
      text: "Lift-off at noon",
      mentioned: false,
      unread_total: first.seq,
      lang: "ko",
    });

    // The room hands out a message's notices only after the previous one's are all sent,
    // so once Eve's push for the mention is here, anything Carol or Henry were sent for
    // the first message would be too.
    const mention = await say(roomId, "@eve can you check the fuel?");
    const [toEve] = await push.received(eve.path);
    expect(eve.receiver.decrypt(toEve!)).toMatchObject({ seq: mention.seq, text: "@eve can you check the fuel?", mentioned: true });
    expect(toEve!.headers.urgency).toBe("high");
    expect(push.requests.filter((r) => r.path === carol.path)).toEqual([]);
    expect(push.requests.filter((r) => r.path === henry.path)).toEqual([]);
    expect(push.requests.filter((r) => r.path === eve.path)).toHaveLength(1);

    // Bob heard of the first message moments ago: the mention waited and comes as one
    // replacement, under the same topic.
    const toBob = await push.received(bob.path, 2);
    expect(bob.receiver.decrypt(toBob[1]!)).toMatchObject({ seq: mention.seq, unread_total: mention.seq });
    expect(toBob[1]!.headers.topic).toBe(request!.headers.topic);
    carolInbox.close();
  });

  it("sends sender and room but never the text when the setting is no_preview", async () => {
    const frank = await subscriber("frank");
    await frank.client.call("PATCH", "/api/me", { notifications: "no_preview" });
    const direct = await alice.call("POST", "/api/rooms/direct", { user_id: frank.client.user.id });
    const message = await say(direct.body.data.id, "the secret launch code is 0000");
    const [request] = await push.received(frank.path);
    expect(frank.receiver.decrypt(request!)).toEqual({
      type: "message",
      room_id: direct.body.data.id,
      room_kind: "direct",
      room_title: "alice",
      seq: message.seq,
      sender_name: "alice",
      kind: "text",
      preview: false,
      text: null,
      mentioned: false,
      unread_total: message.seq,
      lang: "en",
    });
    expect(request!.body.includes(Buffer.from("secret"))).toBe(false);
  });

  it("forgets a subscription the push service answers 404 or 410 for", async () => {
    const dave = await subscriber("dave");
    const gina = await subscriber("gina");
    push.answer(dave.path, 410);
    push.answer(gina.path, 404);
    for (const who of [dave, gina]) {
      const direct = await alice.call("POST", "/api/rooms/direct", { user_id: who.client.user.id });
      await say(direct.body.data.id, "are you there?");
      await push.received(who.path);
    }
    const left = await eventually(storedEndpoints, (endpoints) => !endpoints.includes(dave.receiver.endpoint) && !endpoints.includes(gina.receiver.endpoint));
    expect(left).toContain(`${push.origin}/bob`);
  });

  it("encrypts what an independent implementation (http_ece) decrypts, up to the largest push message", async () => {
    const receiver = new PushReceiver("https://push.example.net/x");
    const keys = { p256dh: new Uint8Array(receiver.ecdh.getPublicKey()), auth: new Uint8Array(receiver.auth) };
    for (const text of ["한국어와 English 🚀", "a".repeat(3993)]) {
      const body = await encryptPushMessage(keys, new Uint8Array(Buffer.from(text)));
      const plaintext = ece.decrypt(Buffer.from(body), { version: "aes128gcm", privateKey: receiver.ecdh, authSecret: receiver.auth });
      expect(plaintext.toString("utf8")).toBe(text);
    }
    // 3,993 bytes is the most a push message holds: with its header and tag, 4,096.
    expect((await encryptPushMessage(keys, new Uint8Array(3993))).length).toBe(4096);
  });
});

describe("the push routes over HTTP", () => {
  it("serve the public key and refuse a subscription from someone not signed in", async () => {
    const key = await fetch(`${app.url}/api/push/vapid-public-key`);
    expect(((await key.json()) as { data: { key: string } }).data.key).toBe(VAPID_PUBLIC_KEY);
    const res = await fetch(`${app.url}/api/push/subscriptions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(new PushReceiver(`${push.origin}/anyone`).subscription()),
    });
    expect(res.status).toBe(401);
  });
});
