import type { InboxServerFrame } from "../../../schema/frames";
import * as api from "../api";
import { ReconnectingSocket } from "../realtime/ReconnectingSocket";
import { liveStatus } from "./connectivity";
import { kickOutbox } from "./outbox";
import { kickRoomSocket } from "./roomSocket";
import { applyInboxFrame, refreshRooms } from "./rooms";
import { accessToken, sessionEndedByServer } from "./session";

// The inbox socket keeps the room list live across all rooms. Each (re)connect re-reads
// the list, since whatever happened while it was down was not pushed.

let socket: ReconnectingSocket<InboxServerFrame, { type: "ping" }> | null = null;
let stopStatus: (() => void) | null = null;

export function startInbox() {
  if (socket) return;
  socket = new ReconnectingSocket<InboxServerFrame, { type: "ping" }>({
    path: (ticket) => `/api/ws?ticket=${encodeURIComponent(ticket)}`,
    ticket: async () => (await api.socketTicket()).ticket,
    ready: () => accessToken.peek() !== null,
    onOpen() {
      refreshRooms().catch(() => undefined);
      kickOutbox();
      kickRoomSocket();
    },
    onFrame(frame) {
      if (frame.type === "session_revoked") sessionEndedByServer();
      else applyInboxFrame(frame);
    },
    onEnd(code) {
      if (code === 4401) sessionEndedByServer();
    },
  });
  stopStatus = socket.status.subscribe((status) => {
    liveStatus.value = status;
  });
  socket.start();
}

export function stopInbox() {
  stopStatus?.();
  socket?.stop();
  socket = null;
  stopStatus = null;
  liveStatus.value = "idle";
}

/** The session has a token again (renewed after starting offline): connect now. */
export const kickInbox = () => socket?.kick();
