import type { Role, RoomKind } from "../../schema/tables";

// Who is acting, as the Worker established it. The room object believes nothing else:
// a client never names its own user, role or room.
export interface RoomRef {
  roomId: string;
  kind: RoomKind;
}

export interface Actor {
  userId: string;
  role: Role;
}

export interface SocketAttachment extends RoomRef, Actor {
  sessionId: string;
  // The client asked for several messages per frame under load ({"type":"messages"}).
  batch: boolean;
}

const HEADER = {
  user: "X-Parley-User",
  session: "X-Parley-Session",
  role: "X-Parley-Role",
  room: "X-Parley-Room",
  kind: "X-Parley-Kind",
  batch: "X-Parley-Batch",
} as const;

export function upgradeRequest(url: string, attachment: SocketAttachment): Request {
  return new Request(url, {
    headers: {
      Upgrade: "websocket",
      [HEADER.user]: attachment.userId,
      [HEADER.session]: attachment.sessionId,
      [HEADER.role]: attachment.role,
      [HEADER.room]: attachment.roomId,
      [HEADER.kind]: attachment.kind,
      [HEADER.batch]: attachment.batch ? "1" : "0",
    },
  });
}

export function attachmentFrom(request: Request): SocketAttachment | null {
  const h = request.headers;
  const userId = h.get(HEADER.user);
  const sessionId = h.get(HEADER.session);
  const role = h.get(HEADER.role) as Role | null;
  const roomId = h.get(HEADER.room);
  const kind = h.get(HEADER.kind) as RoomKind | null;
  if (!userId || !sessionId || !role || !roomId || !kind) return null;
  return { userId, sessionId, role, roomId, kind, batch: h.get(HEADER.batch) === "1" };
}
