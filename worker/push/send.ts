import { sha256 } from "@noble/hashes/sha2.js";
import { base64url } from "jose";
import { log } from "../lib/log";
import { encryptPushMessage } from "./encrypt";
import { vapidAuthorization, type Vapid } from "./vapid";

// One push message to one subscription (RFC 8030): encrypted, VAPID-signed, and named by a
// topic so the push service keeps only the newest undelivered message per topic.

const SEND_TIMEOUT_MS = 10_000;
const encoder = new TextEncoder();

export interface Target {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushOptions {
  /** Messages with the same topic replace each other while waiting at the push service. */
  topic: string;
  urgency: "normal" | "high";
  ttlSeconds: number;
}

/** "gone": the push service says the subscription no longer exists, so it should be forgotten. */
export type Delivery = "sent" | "gone" | "failed";

/** A topic is at most 32 characters of base64url: a digest of the room's id fits any id. */
export const pushTopic = (key: string) => base64url.encode(sha256(encoder.encode(key))).slice(0, 32);

export async function sendPush(vapid: Vapid, target: Target, payload: string, options: PushOptions): Promise<Delivery> {
  const body = await encryptPushMessage(
    { p256dh: new Uint8Array(base64url.decode(target.p256dh)), auth: new Uint8Array(base64url.decode(target.auth)) },
    encoder.encode(payload),
  );
  let response: Response;
  try {
    response = await fetch(target.endpoint, {
      method: "POST",
      headers: {
        Authorization: await vapidAuthorization(vapid, target.endpoint),
        "Content-Encoding": "aes128gcm",
        "Content-Type": "application/octet-stream",
        TTL: String(options.ttlSeconds),
        Topic: options.topic,
        Urgency: options.urgency,
      },
      body,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    report(target.endpoint, error instanceof Error ? error.name : "error");
    return "failed";
  }
  await response.body?.cancel();
  if (response.ok) return "sent";
  if (response.status === 404 || response.status === 410) return "gone";
  report(target.endpoint, response.status);
  return "failed";
}

// Best effort, never retried (the next message brings a fresh notification), but an operator
// should see a push service refusing the server's key or its requests.
const report = (endpoint: string, outcome: number | string) => log("warn", "push_failed", { host: new URL(endpoint).host, outcome });
