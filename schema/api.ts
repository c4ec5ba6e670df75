import { z } from "zod";
import {
  BIO_MAX,
  DEVICE_NAME_MAX,
  DISPLAY_NAME_MAX,
  PASSWORD_MAX,
  passwordRules,
  USERNAME_MAX,
  USERNAME_MIN,
  USERNAME_PATTERN,
} from "./rules";

// The REST contract's bodies and answers, shared by the worker (validation and the
// OpenAPI document), the PWA (types) and the tests.

export const ErrorEnvelope = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "invalid_request" }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error" });

export const dataOf = <T extends z.ZodType>(schema: T) => z.object({ data: schema });

export const Username = z
  .string()
  .trim()
  .min(USERNAME_MIN, `must be at least ${USERNAME_MIN} characters`)
  .max(USERNAME_MAX, `must be at most ${USERNAME_MAX} characters`)
  .transform((v) => v.toLowerCase())
  .pipe(z.string().regex(USERNAME_PATTERN, "may only contain a-z, 0-9, _ and ."))
  .meta({ example: "ada.l" });

export const Password = z
  .string()
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`)
  .superRefine((value, ctx) => {
    for (const rule of passwordRules) {
      if (!rule.test(value)) ctx.addIssue({ code: "custom", message: `must contain ${rule.label}` });
    }
  })
  .meta({ example: "Correct-Horse-9" });

const DisplayName = z.string().trim().min(1, "must not be empty").max(DISPLAY_NAME_MAX);
const DeviceName = z.string().trim().min(1).max(DEVICE_NAME_MAX);

export const RegisterBody = z
  .strictObject({
    username: Username,
    password: Password,
    display_name: DisplayName.optional(),
    device_name: DeviceName.optional(),
    session_cookie: z
      .boolean()
      .optional()
      .meta({ description: "Browsers: keep the refresh token in an HttpOnly cookie instead of the body." }),
  })
  .meta({ id: "RegisterBody" });

export const LoginBody = z
  .strictObject({
    username: z.string().trim().min(1, "is required").max(USERNAME_MAX).transform((v) => v.toLowerCase()),
    // Checked against the stored hash only; the strength rules apply when a password is set.
    password: z.string().min(1, "is required").max(PASSWORD_MAX),
    device_name: DeviceName.optional(),
    session_cookie: z.boolean().optional(),
  })
  .meta({ id: "LoginBody" });

export const RefreshBody = z
  .strictObject({
    refresh_token: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .meta({ description: "Omit when the refresh token travels in the session cookie." }),
  })
  .meta({ id: "RefreshBody" });

export const User = z
  .object({
    id: z.string(),
    username: z.string(),
    display_name: z.string(),
    avatar_url: z.string().nullable(),
    bio: z.string(),
    is_admin: z.boolean(),
    created_at: z.string().meta({ format: "date-time" }),
  })
  .meta({ id: "User" });

export const AuthResult = z
  .object({
    user: User,
    access_token: z.string(),
    refresh_token: z
      .string()
      .nullable()
      .meta({ description: "null when the refresh token was set as an HttpOnly cookie (session_cookie: true)." }),
    expires_in: z.number().int().meta({ description: "Access token lifetime in seconds." }),
    session_id: z.string(),
  })
  .meta({ id: "AuthResult" });

export const Session = z
  .object({
    id: z.string(),
    device_name: z.string(),
    created_at: z.string(),
    last_seen_at: z.string(),
    current: z.boolean(),
  })
  .meta({ id: "Session" });

export const NotificationSetting = z
  .enum(["on", "no_preview", "off"])
  .meta({ id: "NotificationSetting", description: "Push for new messages: on (sender, room and text), no_preview (sender and room only) or off." });
export type NotificationSetting = z.infer<typeof NotificationSetting>;

/** You, as GET and PATCH /api/me answer: your profile and the settings only you see. */
export const Me = User.extend({ notifications: NotificationSetting }).meta({ id: "Me" });
export type Me = z.infer<typeof Me>;

export const PatchMeBody = z
  .strictObject({
    display_name: DisplayName.optional(),
    bio: z.string().trim().max(BIO_MAX).optional(),
    avatar_upload_id: z.string().min(1).max(64).nullable().optional(),
    notifications: NotificationSetting.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, "at least one field is required")
  .meta({ id: "PatchMeBody" });

export const DeleteMeBody = z
  .strictObject({
    password: z
      .string()
      .min(1, "is required")
      .max(PASSWORD_MAX)
      .meta({ description: "The account's current password, confirming its owner asks." }),
  })
  .meta({ id: "DeleteMeBody" });

export const UserSearchQuery = z.strictObject({
  q: z.string().trim().min(1, "is required").max(USERNAME_MAX + DISPLAY_NAME_MAX),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const IdParam = z.strictObject({ id: z.string().min(1).max(64) });

export const Health = z
  .object({
    status: z.enum(["ok", "degraded"]),
    version: z.string(),
    checks: z.record(z.string(), z.object({ ok: z.boolean(), ms: z.number() })),
  })
  .meta({ id: "Health" });

export type RegisterBody = z.input<typeof RegisterBody>;
export type LoginBody = z.input<typeof LoginBody>;
export type User = z.infer<typeof User>;
export type AuthResult = z.infer<typeof AuthResult>;
export type Session = z.infer<typeof Session>;
export type PatchMeBody = z.input<typeof PatchMeBody>;
export type DeleteMeBody = z.input<typeof DeleteMeBody>;
export type Health = z.infer<typeof Health>;
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;
