import { base64url, decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { concat, encryptContent, encryptPushMessage, type Bytes } from "../../worker/push/encrypt";
import { endpointProblem } from "../../worker/push/endpoint";
import { mentions } from "../../worker/push/notify";
import { pushTopic } from "../../worker/push/send";
import { DEVELOPMENT_VAPID_PRIVATE_KEY, vapidAuthorization, vapidFrom } from "../../worker/push/vapid";

const bytes = (text: string): Bytes => new Uint8Array(base64url.decode(text));
const utf8 = (text: string): Bytes => new Uint8Array(new TextEncoder().encode(text));

// The P-256 key pair given as d and the uncompressed public point, as the RFCs print them.
async function ecdhPair(d: string, publicPoint: string): Promise<CryptoKeyPair> {
  const point = bytes(publicPoint);
  const jwk = { kty: "EC", crv: "P-256", x: base64url.encode(point.slice(1, 33)), y: base64url.encode(point.slice(33)) };
  const algorithm = { name: "ECDH", namedCurve: "P-256" };
  return {
    privateKey: await crypto.subtle.importKey("jwk", { ...jwk, d }, algorithm, true, ["deriveBits"]),
    publicKey: await crypto.subtle.importKey("jwk", jwk, algorithm, true, []),
  };
}

describe("aes128gcm content coding (RFC 8188)", () => {
  it("reproduces the worked example of section 3.1 byte for byte", async () => {
    const body = await encryptContent(bytes("yqdlZ-tYemfogSmv7Ws5PQ"), bytes("I1BsxtFttlv3u_Oo94xnmw"), new Uint8Array(0), utf8("I am the walrus"));
    expect(base64url.encode(body)).toBe("I1BsxtFttlv3u_Oo94xnmwAAEAAA-NAVub2qFgBEuQKRapoZu-IxkIva3MEB1PD-ly8Thjg");
  });

  it("refuses a plaintext that does not fit one record", async () => {
    await expect(encryptContent(bytes("yqdlZ-tYemfogSmv7Ws5PQ"), bytes("I1BsxtFttlv3u_Oo94xnmw"), new Uint8Array(0), new Uint8Array(4080))).rejects.toThrow(RangeError);
  });
});

describe("Web Push message encryption (RFC 8291)", () => {
  // Appendix A: the sender's key pair and the salt are fixed, so the body is exact.
  const vector = {
    plaintext: "When I grow up, I want to be a watermelon",
    asPrivate: "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
    asPublic: "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8",
    uaPublic: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
    auth: "BTBZMqHH6r4Tts7J_aSIgg",
    salt: "DGv6ra1nlYgDCS1FRnbzlw",
    body:
      "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
  };

  it("reproduces the Appendix A message byte for byte", async () => {
    const body = await encryptPushMessage({ p256dh: bytes(vector.uaPublic), auth: bytes(vector.auth) }, utf8(vector.plaintext), {
      salt: bytes(vector.salt),
      sender: await ecdhPair(vector.asPrivate, vector.asPublic),
    });
    expect(base64url.encode(body)).toBe(vector.body);
  });

  it("uses a fresh salt and sender key for every message, named in the header", async () => {
    const receiver = { p256dh: bytes(vector.uaPublic), auth: bytes(vector.auth) };
    const [a, b] = await Promise.all([encryptPushMessage(receiver, utf8("same")), encryptPushMessage(receiver, utf8("same"))]);
    expect(base64url.encode(a.slice(0, 16))).not.toBe(base64url.encode(b.slice(0, 16)));
    expect(new DataView(a.buffer).getUint32(16)).toBe(4096);
    expect(a[20]).toBe(65);
    expect(a[21]).toBe(0x04);
    expect(base64url.encode(a.slice(21, 86))).not.toBe(base64url.encode(b.slice(21, 86)));
    // header (86) + "same" + delimiter + tag
    expect(a.length).toBe(86 + 4 + 1 + 16);
  });

  it("refuses a browser key that is not a point on P-256", async () => {
    const bad = concat([0x04], new Uint8Array(64).fill(7));
    await expect(encryptPushMessage({ p256dh: bad, auth: bytes(vector.auth) }, utf8("x"))).rejects.toThrow();
  });
});

describe("VAPID (RFC 8292)", () => {
  const env = {
    ENVIRONMENT: "development",
    VAPID_PUBLIC_KEY: "BAQ6ivD5PemDjiOqp4TAebXgv81AZ0tbnI3s9urM7kgLcHQ6pysrQ-bnM5Ga4-6IsmiVLF9W-YKTg6IEtDzlqgA",
    VAPID_PRIVATE_KEY: DEVELOPMENT_VAPID_PRIVATE_KEY,
    VAPID_SUBJECT: "mailto:admin@parley.invalid",
  };

  it("signs an ES256 token for the endpoint's origin that the public key verifies", async () => {
    const vapid = (await vapidFrom(env))!;
    const now = Date.now();
    const header = await vapidAuthorization(vapid, "https://push.example.net/wpush/v2/abc?x=1", now);
    const [, token, key] = /^vapid t=([\w.-]+), k=([\w-]+)$/.exec(header)!;
    expect(key).toBe(env.VAPID_PUBLIC_KEY);
    const point = bytes(key!);
    const publicKey = await importJWK({ kty: "EC", crv: "P-256", x: base64url.encode(point.slice(1, 33)), y: base64url.encode(point.slice(33)) }, "ES256");
    const { payload } = await jwtVerify(token!, publicKey, { audience: "https://push.example.net", subject: env.VAPID_SUBJECT });
    expect(decodeProtectedHeader(token!)).toEqual({ typ: "JWT", alg: "ES256" });
    expect(payload.exp! * 1000).toBeGreaterThan(now);
    expect(payload.exp! * 1000 - now).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
  });

  it("is off without keys, with a bad subject, or with keys that are not one pair", async () => {
    expect(await vapidFrom({ ...env, VAPID_PRIVATE_KEY: "" })).toBeNull();
    expect(await vapidFrom({ ...env, VAPID_PUBLIC_KEY: undefined })).toBeNull();
    expect(await vapidFrom({ ...env, VAPID_SUBJECT: "admin@parley.invalid" })).toBeNull();
    expect(await vapidFrom({ ...env, VAPID_PUBLIC_KEY: "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8" })).toBeNull();
    expect(await vapidFrom({ ...env, VAPID_PRIVATE_KEY: "not-a-key" })).toBeNull();
  });

  it("refuses the development key pair outside development", async () => {
    expect(await vapidFrom({ ...env, ENVIRONMENT: "production" })).toBeNull();
    expect(await vapidFrom(env)).not.toBeNull();
  });
});

describe("push endpoints", () => {
  const production = { ENVIRONMENT: "production", PUSH_ALLOW_LOOPBACK: "true" };
  const development = { ENVIRONMENT: "development", PUSH_ALLOW_LOOPBACK: "true" };

  it("accepts a push service's https address", () => {
    expect(endpointProblem("https://fcm.googleapis.com/fcm/send/abc:def", production)).toBeNull();
    expect(endpointProblem("https://updates.push.services.mozilla.com/wpush/v2/gAAA", production)).toBeNull();
  });

  it("refuses plain http, addresses by IP or local name, credentials and non-URLs", () => {
    for (const endpoint of [
      "http://push.example.net/x",
      "https://10.0.0.1/x",
      "https://[::1]/x",
      "https://localhost/x",
      "https://intranet/x",
      "https://user:pass@push.example.net/x",
      "ftp://push.example.net/x",
      "not a url",
    ]) {
      expect(endpointProblem(endpoint, production), endpoint).not.toBeNull();
    }
  });

  it("lets a development instance that asks for it use a stand-in on 127.0.0.1 only", () => {
    expect(endpointProblem("http://127.0.0.1:9999/push", development)).toBeNull();
    expect(endpointProblem("http://127.0.0.1:9999/push", production)).not.toBeNull();
    expect(endpointProblem("http://127.0.0.1:9999/push", { ENVIRONMENT: "development" })).not.toBeNull();
    expect(endpointProblem("http://192.168.1.2:9999/push", development)).not.toBeNull();
  });
});

describe("mentions", () => {
  it("finds @username as a word, in any case, before punctuation", () => {
    expect(mentions({ text: "@ada look" }, "ada")).toBe(true);
    expect(mentions({ text: "thanks, @Ada." }, "ada")).toBe(true);
    expect(mentions({ text: "(@ada.l)" }, "ada.l")).toBe(true);
  });

  it("does not find a longer username, an e-mail address or a bare name", () => {
    expect(mentions({ text: "@ada.l look" }, "ada")).toBe(false);
    expect(mentions({ text: "@adam look" }, "ada")).toBe(false);
    expect(mentions({ text: "mail ada@ada.example" }, "ada")).toBe(false);
    expect(mentions({ text: "ada, look" }, "ada")).toBe(false);
    expect(mentions({ text: null }, "ada")).toBe(false);
  });
});

describe("push topics", () => {
  it("are one per room, within the 32 base64url characters a push service takes", () => {
    const topic = pushTopic("0f8e6a9c-2b1d-4c7a-9f00-123456789abc");
    expect(topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(pushTopic("0f8e6a9c-2b1d-4c7a-9f00-123456789abc")).toBe(topic);
    expect(pushTopic("another-room")).not.toBe(topic);
  });
});
