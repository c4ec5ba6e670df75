import { z } from "zod";
import { MESSAGE_TEXT_MAX, POLL_OPTION_MAX, POLL_OPTIONS_MAX, POLL_QUESTION_MAX } from "./rules";
import { STICKER_IDS } from "./stickers";
import { Upload } from "./uploads";

// Messages as the room stores and serves them, and what a client may send: shared by the
// REST routes, the socket frames, the PWA and the tests.

export { MESSAGE_TEXT_MAX, POLL_OPTIONS_MAX };
export const CLIENT_MSG_ID_MAX = 64;
export const EMOJI_MAX_LENGTH = 32;

export const MessageKind = z.enum(["text", "image", "file", "voice", "sticker", "poll", "system"]);
export type MessageKind = z.infer<typeof MessageKind>;

// A posted upload as a message carries it: the upload, named by upload_id.
export const Attachment = Upload.omit({ id: true })
  .extend({ upload_id: z.string() })
  .meta({ id: "Attachment" });
export type Attachment = z.infer<typeof Attachment>;

export const Poll = z
  .object({
    question: z.string(),
    multiple: z.boolean(),
    closed: z.boolean(),
    options: z.array(z.object({ text: z.string(), voters: z.array(z.string()) })),
  })
  .meta({ id: "Poll" });
export type Poll = z.infer<typeof Poll>;

export const SystemAction = z.enum([
  "room_created",
  "member_added",
  "member_removed",
  "member_left",
  "member_joined",
  "owner_changed",
  "role_changed",
  "room_renamed",
  "description_changed",
]);
export type SystemAction = z.infer<typeof SystemAction>;

// Structured, so clients can render system messages in their own language; `text` carries
// an English rendering for clients that do not.
export const SystemEvent = z
  .object({
    action: SystemAction,
    actor_id: z.string().nullable(),
    user_id: z.string().nullable(),
    value: z.string().nullable(),
  })
  .meta({ id: "SystemEvent" });
export type SystemEvent = z.infer<typeof SystemEvent>;

export const Message = z
  .object({
    id: z.string(),
    room_id: z.string(),
    seq: z.number().int(),
    sender_id: z.string().nullable(),
    client_msg_id: z.string().nullable(),
    kind: MessageKind,
    text: z.string().nullable(),
    reply_to: z.number().int().nullable(),
    attachment: Attachment.nullable(),
    poll: Poll.nullable(),
    sticker: z.string().nullable(),
    system: SystemEvent.nullable(),
    created_at: z.string(),
    edited_at: z.string().nullable(),
    deleted: z.boolean(),
    reactions: z.record(z.string(), z.array(z.string())),
  })
  .meta({ id: "Message" });
export type Message = z.infer<typeof Message>;

export const ClientMsgId = z.string().min(1).max(CLIENT_MSG_ID_MAX);
export const Seq = z.number().int().min(1);
export const MessageText = z.string().max(MESSAGE_TEXT_MAX, `must be at most ${MESSAGE_TEXT_MAX} characters`);

const EMOJI_CHARACTERS = /^(\p{Extended_Pictographic}|\p{Emoji_Component}|\p{Emoji_Modifier}|\u200d|\ufe0f|\p{Regional_Indicator})+$/u;
// Digits, # and * are emoji components too; only a pictograph, a flag or a keycap makes one.
const EMOJI_CORE = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

// Exactly one emoji (with its modifiers and joiners), never free text.
export const Emoji = z
  .string()
  .min(1)
  .max(EMOJI_MAX_LENGTH)
  .refine(
    (value) => EMOJI_CHARACTERS.test(value) && EMOJI_CORE.test(value) && [...graphemes.segment(value)].length === 1,
    "must be one emoji",
  );

export const PollInput = z.strictObject({
  question: z.string().trim().min(1).max(POLL_QUESTION_MAX),
  options: z.array(z.string().trim().min(1).max(POLL_OPTION_MAX)).min(2).max(POLL_OPTIONS_MAX),
  multiple: z.boolean().optional(),
});

const sendFields = {
  client_msg_id: ClientMsgId,
  kind: MessageKind.exclude(["system"]),
  text: MessageText.optional(),
  reply_to: Seq.nullable().optional(),
  upload_id: z.string().min(1).max(64).optional(),
  poll: PollInput.optional(),
  sticker: z.string().max(32).optional(),
};

type SendShape = { [K in keyof typeof sendFields]: z.infer<(typeof sendFields)[K]> };

// What each kind needs, stated once for REST and sockets alike.
export const checkSendInput = (input: Partial<SendShape>, ctx: z.RefinementCtx) => {
  const need = (field: keyof SendShape, ok: boolean, message: string) => {
    if (!ok) ctx.addIssue({ code: "custom", path: [field], message });
  };
  switch (input.kind) {
    case "text":
      need("text", !!input.text?.trim(), "is required for a text message");
      break;
    case "image":
    case "file":
    case "voice":
      need("upload_id", !!input.upload_id, `is required for a ${input.kind} message`);
      break;
    case "sticker":
      need("sticker", !!input.sticker && STICKER_IDS.has(input.sticker), "must name a sticker of the built-in pack");
      break;
    case "poll":
      need("poll", !!input.poll, "is required for a poll");
      break;
  }
  if (input.kind !== "poll") need("poll", input.poll === undefined, "is only for poll messages");
  if (input.kind !== "sticker") need("sticker", input.sticker === undefined, "is only for sticker messages");
};

export const SendBody = z.strictObject(sendFields).superRefine(checkSendInput).meta({ id: "SendMessageBody" });
export type SendInput = z.infer<typeof SendBody>;
export const sendFieldShape = sendFields;

export const EditBody = z.strictObject({ text: MessageText.refine((t) => t.trim().length > 0, "must not be empty") }).meta({ id: "EditMessageBody" });
export const ReadBody = z.strictObject({ seq: z.number().int().min(0) }).meta({ id: "ReadBody" });
export const VoteBody = z
  .strictObject({ options: z.array(z.number().int().min(0).max(POLL_OPTIONS_MAX - 1)).max(POLL_OPTIONS_MAX) })
  .meta({ id: "VoteBody", description: "The option indexes chosen; an empty list withdraws the vote." });

export const HistoryQuery = z
  .strictObject({
    after_seq: z.coerce.number().int().min(0).optional(),
    before_seq: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => q.after_seq === undefined || q.before_seq === undefined, "use after_seq or before_seq, not both");

export const History = z.object({ messages: z.array(Message), has_more: z.boolean() }).meta({ id: "History" });
export type History = z.infer<typeof History>;
