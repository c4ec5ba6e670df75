import { z } from "zod";
import { checkSendInput, Emoji, MessageText, type Message, Seq, sendFieldShape, VoteBody } from "./messages";
import type { Room } from "./rooms";

// Socket frames, JSON text. Clients → room are validated with these schemas;
// room/inbox → clients are described as types for the clients and tests.

export const FRAME_MAX_BYTES = 64 * 1024;

const frame = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

export const RoomClientFrame = z
  .discriminatedUnion("type", [
    frame("send", sendFieldShape),
    frame("sync", { after_seq: z.number().int().min(0) }),
    frame("read", { seq: z.number().int().min(0) }),
    frame("typing", {}),
    frame("edit", { seq: Seq, text: MessageText.refine((t) => t.trim().length > 0, "must not be empty") }),
    frame("delete", { seq: Seq }),
    frame("react", { seq: Seq, emoji: Emoji, on: z.boolean() }),
    frame("vote", { seq: Seq, options: VoteBody.shape.options }),
    frame("close_poll", { seq: Seq }),
    frame("ping", {}),
  ])
  .superRefine((f, ctx) => {
    if (f.type === "send") checkSendInput(f, ctx);
  });
export type RoomClientFrame = z.infer<typeof RoomClientFrame>;

export const InboxClientFrame = z.discriminatedUnion("type", [frame("ping", {})]);

export type FrameErrorCode =
  | "invalid_frame"
  | "invalid_request"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  // The room could not store the message; sending it again with the same client_msg_id is safe.
  | "internal";

export type RoomServerFrame =
  | { type: "hello"; room_id: string; last_seq: number; online: string[]; read: Record<string, number>; batch: boolean }
  | { type: "message"; message: Message }
  | { type: "messages"; messages: Message[] }
  | { type: "message_updated"; message: Message }
  | { type: "ack"; client_msg_id: string; message: Message }
  | { type: "synced"; last_seq: number }
  | { type: "read"; user_id: string; seq: number }
  | { type: "typing"; user_id: string }
  | { type: "presence"; user_id: string; online: boolean }
  | { type: "pong" }
  | { type: "closed"; code: number; reason: string }
  | { type: "error"; code: FrameErrorCode; message: string; client_msg_id?: string; retry_after_ms?: number };

export type InboxServerFrame =
  | { type: "hello"; user_id: string }
  | { type: "room_updated"; room: Room }
  | { type: "room_added"; room: Room }
  | { type: "room_removed"; room_id: string }
  | { type: "session_revoked" }
  | { type: "closed"; code: number; reason: string }
  | { type: "pong" }
  | { type: "error"; code: FrameErrorCode; message: string };

export const PING_FRAME = JSON.stringify({ type: "ping" });
export const PONG_FRAME = JSON.stringify({ type: "pong" });
