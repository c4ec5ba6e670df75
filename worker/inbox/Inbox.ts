import { DurableObject } from "cloudflare:workers";
import { type InboxServerFrame, PING_FRAME, PONG_FRAME } from "../../schema/frames";
import type { Message } from "../../schema/messages";
import type { Room } from "../../schema/rooms";
import { answerClose, closeAfterNotice } from "../lib/socketClose";
import { listRooms, roomForMember } from "../rooms/roomList";
import { PushQueue, type PushNotice } from "./notifications";

export interface InboxAttachment {
  userId: string;
  sessionId: string;
}

export interface RoomActivity {
  roomId: string;
  lastSeq: number;
  lastMessage: Message;
}

const SUBSCRIBE_CONCURRENCY = 25;

// One object per user: it keeps every open client's room list live over a single socket,
// whatever the number of rooms. Rooms tell it about activity only while it has sockets.
export class Inbox extends DurableObject<Env> {
  private readonly sockets = new Map<WebSocket, InboxAttachment>();
  private rooms: Map<string, Room> | null = null;
  private userId: string | null = null;
  private readonly push = new PushQueue(this.ctx, this.env);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_FRAME, PONG_FRAME));
    for (const ws of ctx.getWebSockets()) {
      const attachment = ws.deserializeAttachment() as InboxAttachment | null;
      if (attachment) {
        this.sockets.set(ws, attachment);
        this.userId = attachment.userId;
      }
    }
  }

  override async fetch(request: Request): Promise<Response> {
    const userId = request.headers.get("X-Parley-User");
    const sessionId = request.headers.get("X-Parley-Session");
    if (!userId || !sessionId || request.headers.get("Upgrade") !== "websocket") {
      return new Response("The inbox only takes WebSocket upgrades from the Worker.", { status: 400 });
    }
    this.userId = userId;
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const attachment: InboxAttachment = { userId, sessionId };
    server.serializeAttachment(attachment);
    const first = this.sockets.size === 0;
    this.sockets.set(server, attachment);
    this.send(server, { type: "hello", user_id: userId });
    if (first) await this.subscribeAll(userId);
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    // The inbox only pushes; anything but a keep-alive is answered with an error frame.
    if (typeof data === "string" && data.length < 64) {
      try {
        if ((JSON.parse(data) as { type?: unknown }).type === "ping") return this.send(ws, { type: "pong" });
      } catch {
        // Falls through to the error below.
      }
    }
    this.send(ws, { type: "error", code: "invalid_frame", message: 'The inbox accepts only {"type":"ping"}.' });
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.sockets.delete(ws);
    answerClose(ws, code);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.sockets.delete(ws);
  }

  // ---- told by rooms ----

  /** A room's newest message changed. Answers false when nobody listens, so the room stops telling. */
  async roomActivity(activity: RoomActivity): Promise<boolean> {
    if (this.sockets.size === 0) return false;
    const rooms = await this.cachedRooms();
    const room = rooms.get(activity.roomId);
    // System messages mark membership or details changes: the room is re-read from D1.
    if (!room || activity.lastMessage.kind === "system") return this.roomChanged(activity.roomId);
    if (activity.lastSeq < room.last_seq) return true;
    const next: Room = {
      ...room,
      last_seq: activity.lastSeq,
      last_message: activity.lastMessage,
      unread_count: Math.max(0, activity.lastSeq - room.last_read_seq),
    };
    rooms.set(room.id, next);
    this.broadcast({ type: "room_updated", room: next });
    return true;
  }

  /** The user read up to seq on one device: every other device's unread count follows. */
  async readMoved(roomId: string, seq: number): Promise<void> {
    if (this.sockets.size === 0) return;
    const room = (await this.cachedRooms()).get(roomId);
    if (!room || seq <= room.last_read_seq) return;
    const next: Room = { ...room, last_read_seq: seq, unread_count: Math.max(0, room.last_seq - seq) };
    this.rooms?.set(roomId, next);
    this.broadcast({ type: "room_updated", room: next });
  }

  /** A new message for a member who is not in the room: a push, unless a client of theirs is open. */
  async notify(userId: string, notice: PushNotice): Promise<void> {
    if (this.sockets.size === 0) await this.push.add(userId, notice);
  }

  override async alarm(): Promise<void> {
    await this.push.due(this.sockets.size > 0);
  }

  // ---- told by the Worker ----

  /** Membership, settings or the room's details changed: reload it from D1 and push it. */
  async roomChanged(roomId: string): Promise<boolean> {
    if (this.sockets.size === 0 || !this.userId) return false;
    const rooms = await this.cachedRooms();
    const room = await roomForMember(this.env.DB, this.userId, roomId);
    if (!room) return this.roomRemoved(roomId).then(() => true);
    const known = rooms.has(roomId);
    rooms.set(roomId, room);
    this.broadcast({ type: known ? "room_updated" : "room_added", room });
    if (!known) await this.subscribe(this.userId, roomId);
    return true;
  }

  async roomRemoved(roomId: string): Promise<void> {
    this.rooms?.delete(roomId);
    this.broadcast({ type: "room_removed", room_id: roomId });
  }

  async sessionRevoked(sessionId: string): Promise<void> {
    for (const [ws, attachment] of this.sockets) {
      if (attachment.sessionId !== sessionId) continue;
      this.send(ws, { type: "session_revoked" });
      this.sockets.delete(ws);
      closeAfterNotice(ws, 4401, "This session was signed out.");
    }
  }

  /** The account was blocked: every socket it has here ends, whatever its session. */
  async accountEnded(): Promise<void> {
    for (const ws of this.sockets.keys()) {
      this.send(ws, { type: "session_revoked" });
      closeAfterNotice(ws, 4401, "This account has been disabled.");
    }
    this.sockets.clear();
  }

  // ---- internals ----

  private async cachedRooms(): Promise<Map<string, Room>> {
    if (!this.rooms) {
      const list = this.userId ? await listRooms(this.env.DB, this.userId) : [];
      this.rooms = new Map(list.map((room) => [room.id, room]));
    }
    return this.rooms;
  }

  private async subscribeAll(userId: string): Promise<void> {
    this.rooms = null;
    const ids = [...(await this.cachedRooms()).keys()];
    for (let i = 0; i < ids.length; i += SUBSCRIBE_CONCURRENCY) {
      await Promise.all(ids.slice(i, i + SUBSCRIBE_CONCURRENCY).map((roomId) => this.subscribe(userId, roomId)));
    }
  }

  private async subscribe(userId: string, roomId: string): Promise<void> {
    const room = this.env.ROOM.get(this.env.ROOM.idFromName(roomId));
    await room.subscribeInbox(roomId, userId);
  }

  private broadcast(frame: InboxServerFrame): void {
    const text = JSON.stringify(frame);
    for (const ws of this.sockets.keys()) {
      try {
        ws.send(text);
      } catch {
        this.sockets.delete(ws);
      }
    }
  }

  private send(ws: WebSocket, frame: InboxServerFrame): void {
    try {
      ws.send(JSON.stringify(frame));
    } catch {
      this.sockets.delete(ws);
    }
  }
}
