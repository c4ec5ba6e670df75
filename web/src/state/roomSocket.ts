import { signal } from "@preact/signals";
import type { FrameErrorCode, RoomClientFrame, RoomServerFrame } from "../../../schema/frames";
import type { Message, SendInput } from "../../../schema/messages";
import * as api from "../api";
import { ReconnectingSocket, type SocketStatus } from "../realtime/ReconnectingSocket";
import { accessToken } from "./session";

// The open room's socket: at most one at a time. Sends wait here for their ack (or their
// error frame), matched by client_msg_id; every other frame goes to the room model.

/** A refusal from the room, for a frame that named its client_msg_id. */
export class FrameError extends Error {
  constructor(
    readonly code: FrameErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "FrameError";
  }
}

const ACK_TIMEOUT_MS = 10_000;

export const roomSocketStatus = signal<SocketStatus>("idle", { name: "roomSocketStatus" });

interface Waiting {
  resolve: (message: Message) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface Handlers {
  onFrame(frame: RoomServerFrame): void;
  onOpen(): void;
  onEnd(code: number): void;
}

let current: { roomId: string; socket: ReconnectingSocket<RoomServerFrame, RoomClientFrame>; stopStatus: () => void } | null = null;
const waiting = new Map<string, Waiting>();

export function openRoomSocket(roomId: string, handlers: Handlers) {
  closeRoomSocket();
  const socket = new ReconnectingSocket<RoomServerFrame, RoomClientFrame>({
    path: (ticket) => `/api/rooms/${encodeURIComponent(roomId)}/ws?batch=1&ticket=${encodeURIComponent(ticket)}`,
    ticket: async () => (await api.socketTicket()).ticket,
    ready: () => accessToken.peek() !== null,
    onOpen: handlers.onOpen,
    onEnd: (code) => handlers.onEnd(code),
    onFrame(frame) {
      if (frame.type === "ack") return settle(frame.client_msg_id, (w) => w.resolve(frame.message));
      if (frame.type === "error" && frame.client_msg_id) {
        const error = new FrameError(frame.code, frame.message, frame.retry_after_ms);
        return settle(frame.client_msg_id, (w) => w.reject(error));
      }
      handlers.onFrame(frame);
    },
  });
  const stopStatus = socket.status.subscribe((status) => {
    roomSocketStatus.value = status;
    // Whatever was in flight on a socket that went away is answered by nobody: retry it.
    if (status !== "open") failAll();
  });
  current = { roomId, socket, stopStatus };
  socket.start();
}

export function closeRoomSocket() {
  if (!current) return;
  current.stopStatus();
  current.socket.stop();
  current = null;
  roomSocketStatus.value = "idle";
  failAll();
}

export const kickRoomSocket = () => current?.socket.kick();

/** Sends a frame on the room's socket if that room's socket is open. */
export function sendRoomFrame(roomId: string, frame: RoomClientFrame): boolean {
  return current?.roomId === roomId && navigator.onLine ? current.socket.send(frame) : false;
}

/** The message once acked, or null when this room has no open socket (use REST). */
export function sendOverSocket(roomId: string, input: SendInput): Promise<Message> | null {
  if (!sendRoomFrame(roomId, { type: "send", ...input })) return null;
  return new Promise((resolve, reject) => {
    waiting.get(input.client_msg_id)?.reject(new FrameError("internal", "superseded"));
    const timer = setTimeout(() => settle(input.client_msg_id, (w) => w.reject(new FrameError("internal", "No answer from the room."))), ACK_TIMEOUT_MS);
    waiting.set(input.client_msg_id, { resolve, reject, timer });
  });
}

function settle(clientMsgId: string, outcome: (w: Waiting) => void) {
  const entry = waiting.get(clientMsgId);
  if (!entry) return;
  waiting.delete(clientMsgId);
  clearTimeout(entry.timer);
  outcome(entry);
}

function failAll() {
  for (const id of [...waiting.keys()]) settle(id, (w) => w.reject(new FrameError("internal", "The connection closed.")));
}
