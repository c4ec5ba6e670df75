// The floor of the real-time suite: a plain Node `ws` broadcast server speaking Parley's
// room frame format, run as a process of its own (`floor.ts` starts it) so it never shares
// an event loop with the load generator.
//
// What it does per `send` frame: parse it, take the next seq of the room, build a message
// of the same shape as Parley's, ack the sender, then stringify one
// `{"type":"message","message"}` frame and send that same string to every socket of the
// room, in a loop. Nothing else: no storage, no auth, no validation beyond JSON, no flood
// control, no batching of several messages per frame.
//
// Rooms are named by the path (`/rooms/<id>/ws?user=<id>`) and live in memory. On start
// it prints `{"port":N}` as one line on stdout; it exits when stdin closes (its parent
// went away) or on SIGTERM.
import { WebSocketServer, type WebSocket } from "ws";

interface FloorRoom {
  id: string;
  seq: number;
  lastCreatedAt: number;
  sockets: Set<WebSocket>;
}

const rooms = new Map<string, FloorRoom>();

function roomFor(id: string): FloorRoom {
  let room = rooms.get(id);
  if (!room) rooms.set(id, (room = { id, seq: 0, lastCreatedAt: 0, sockets: new Set() }));
  return room;
}

const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false, skipUTF8Validation: true });

server.on("connection", (ws, request) => {
  const url = new URL(request.url ?? "/", "http://floor");
  const match = /^\/rooms\/([^/]+)\/ws$/.exec(url.pathname);
  if (!match) return ws.close(1008, "no such path");
  const room = roomFor(match[1]!);
  const userId = url.searchParams.get("user") ?? "anonymous";
  room.sockets.add(ws);
  ws.send(JSON.stringify({ type: "hello", room_id: room.id, last_seq: room.seq, online: [], read: {}, batch: false }));

  ws.on("message", (data) => {
    let frame: { type?: unknown; client_msg_id?: unknown; kind?: unknown; text?: unknown };
    try {
      frame = JSON.parse(data.toString());
    } catch {
      ws.send(JSON.stringify({ type: "error", code: "invalid_frame", message: "The frame is not valid JSON." }));
      return;
    }
    if (frame.type === "ping") return ws.send('{"type":"pong"}');
    if (frame.type !== "send") {
      ws.send(JSON.stringify({ type: "error", code: "invalid_frame", message: "The floor only takes send frames." }));
      return;
    }
    const seq = ++room.seq;
    const createdAt = Math.max(Date.now(), room.lastCreatedAt + 1);
    room.lastCreatedAt = createdAt;
    const message = {
      id: `${room.id}:${seq}`,
      room_id: room.id,
      seq,
      sender_id: userId,
      client_msg_id: typeof frame.client_msg_id === "string" ? frame.client_msg_id : null,
      kind: typeof frame.kind === "string" ? frame.kind : "text",
      text: typeof frame.text === "string" ? frame.text : null,
      reply_to: null,
      attachment: null,
      poll: null,
      sticker: null,
      system: null,
      created_at: new Date(createdAt).toISOString(),
      edited_at: null,
      deleted: false,
      reactions: {},
    };
    ws.send(JSON.stringify({ type: "ack", client_msg_id: message.client_msg_id, message }));
    // The plain broadcast: serialized once, the same string sent to every socket.
    const text = JSON.stringify({ type: "message", message });
    for (const socket of room.sockets) socket.send(text);
  });

  ws.on("close", () => room.sockets.delete(ws));
  ws.on("error", () => room.sockets.delete(ws));
});

server.on("listening", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

const stop = () => {
  for (const ws of server.clients) ws.terminate();
  server.close(() => process.exit(0));
  // Whatever still holds the loop open must not keep an orphan alive.
  setTimeout(() => process.exit(0), 1_000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// The parent holds our stdin; when it goes away (even killed), so do we.
process.stdin.on("end", stop);
process.stdin.on("error", stop);
process.stdin.resume();
