import { z } from "zod";
import { MessageKind } from "./messages";
import { RoomKind } from "./rooms";

// Web Push: a device's subscription as the browser's PushSubscription.toJSON() gives it,
// and the payload the service worker turns into a notification. Shared by the worker, the
// PWA, its service worker and the tests. The account's setting is NotificationSetting in api.ts.

export const PUSH_ENDPOINT_MAX = 2048;
// base64url without padding: a P-256 public key is 65 bytes (87 characters), the
// authentication secret 16 bytes (22 characters).
export const P256DH_BYTES = 65;
export const AUTH_SECRET_BYTES = 16;
/** How much of a message's text a notification carries. */
export const PUSH_TEXT_MAX = 240;

export const PushLanguage = z.enum(["en", "ko"]);
export type PushLanguage = z.infer<typeof PushLanguage>;

const base64url = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, "must be base64url")
    .transform((value) => value.replace(/=+$/, ""))
    .refine((value) => value.length === Math.ceil((bytes * 4) / 3), `must encode ${bytes} bytes`);

export const PushSubscriptionBody = z
  .strictObject({
    endpoint: z.string().max(PUSH_ENDPOINT_MAX).meta({ description: "The push service URL the browser gave (https)." }),
    keys: z.strictObject({
      p256dh: base64url(P256DH_BYTES).meta({ description: "The browser's P-256 public key, uncompressed, base64url." }),
      auth: base64url(AUTH_SECRET_BYTES).meta({ description: "The 16-byte authentication secret, base64url." }),
    }),
    expirationTime: z.number().nullable().optional().meta({ description: "As PushSubscription.toJSON() gives it; ignored." }),
    lang: PushLanguage.optional().meta({ description: "The language this device's notifications are shown in (default en)." }),
  })
  .meta({ id: "PushSubscriptionBody" });
export type PushSubscriptionBody = z.input<typeof PushSubscriptionBody>;

export const PushUnsubscribeBody = z
  .strictObject({ endpoint: z.string().min(1).max(PUSH_ENDPOINT_MAX) })
  .meta({ id: "PushUnsubscribeBody" });

export const PushSubscription = z
  .object({ endpoint: z.string(), lang: PushLanguage, created_at: z.string() })
  .meta({ id: "PushSubscription" });
export type PushSubscription = z.infer<typeof PushSubscription>;

export const VapidPublicKey = z
  .object({ key: z.string().meta({ description: "The server's VAPID public key (uncompressed P-256 point, base64url): PushManager's applicationServerKey." }) })
  .meta({ id: "VapidPublicKey" });

export const PushPayload = z
  .object({
    type: z.literal("message"),
    room_id: z.string(),
    room_kind: RoomKind,
    room_title: z.string(),
    seq: z.number().int(),
    sender_name: z.string(),
    kind: MessageKind,
    preview: z.boolean().meta({ description: "false when the setting is no_preview: show neither text nor kind." }),
    text: z.string().nullable().meta({ description: "null without preview, or when the message has no text." }),
    mentioned: z.boolean(),
    unread_total: z.number().int(),
    lang: PushLanguage,
  })
  .meta({ id: "PushPayload" });
export type PushPayload = z.infer<typeof PushPayload>;
