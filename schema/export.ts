import { z } from "zod";
import { User } from "./api";
import { Attachment, MessageKind } from "./messages";
import { Upload } from "./uploads";

// A person's own data, as GET /api/me/export hands it over: what they are, where they are
// signed in, which rooms they belong to, what they said there and what they uploaded.
// Other people's data (their reactions, votes, messages) is not theirs to take along.

export const EXPORT_FORMAT = "parley-export";
export const EXPORT_VERSION = 1;

export const ExportSession = z
  .object({
    id: z.string(),
    device_name: z.string(),
    created_at: z.string(),
    last_seen_at: z.string(),
    expires_at: z.string(),
    revoked_at: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: "ExportSession" });

export const ExportRoom = z
  .object({
    id: z.string(),
    kind: z.enum(["direct", "group", "channel"]),
    title: z.string(),
    description: z.string(),
    role: z.enum(["owner", "admin", "member"]),
    joined_at: z.string(),
    last_read_seq: z.number().int(),
    favorite: z.boolean(),
    muted_until: z.string().nullable(),
  })
  .meta({ id: "ExportRoom" });

export const ExportFile = Upload.extend({
  created_at: z.string(),
  posted_at: z.string().nullable(),
  room_id: z.string().nullable(),
}).meta({ id: "ExportFile" });

export const ExportMessage = z
  .object({
    room_id: z.string(),
    seq: z.number().int(),
    kind: MessageKind,
    text: z.string().nullable(),
    reply_to: z.number().int().nullable(),
    attachment: Attachment.nullable(),
    sticker: z.string().nullable(),
    poll: z.object({ question: z.string(), options: z.array(z.string()), multiple: z.boolean(), closed: z.boolean() }).nullable(),
    created_at: z.string(),
    edited_at: z.string().nullable(),
    deleted: z.boolean(),
  })
  .meta({ id: "ExportMessage" });

export const DataExport = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    exported_at: z.string(),
    profile: User,
    sessions: z.array(ExportSession),
    rooms: z.array(ExportRoom),
    files: z.array(ExportFile),
    messages: z.array(ExportMessage).meta({ description: "Your messages in the rooms you belong to, room by room, in the order they were sent." }),
  })
  .meta({ id: "DataExport" });

export type ExportSession = z.infer<typeof ExportSession>;
export type ExportRoom = z.infer<typeof ExportRoom>;
export type ExportFile = z.infer<typeof ExportFile>;
export type ExportMessage = z.infer<typeof ExportMessage>;
export type DataExport = z.infer<typeof DataExport>;
