import { exports } from "cloudflare:workers";
import { call, ORIGIN } from "./helpers";

export type Frame = Record<string, any> & { type: string };

// A socket opened through the Worker, with its frames queued so a test can wait for the one
// it expects and see everything that arrived.
export class TestSocket {
  readonly frames: Frame[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (event) => {
      const text = typeof event.data === "string" ? event.data : "";
      const frame = JSON.parse(text) as Frame;
      this.frames.push(frame);
      // As a well-behaved client does: the server said it is closing, so close our side now.
      if (frame.type === "closed") ws.close(1000, "closing");
      this.wake();
    });
    ws.addEventListener("close", (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.wake();
    });
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  send(frame: unknown) {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** The first frame (in arrival order, from `from` on) matching the predicate. */
  async next(predicate: (frame: Frame) => boolean, timeoutMs = 3000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(this.frames.map((f) => f.type))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** The code the server gave in its closing notice, once the socket has closed. */
  async closedWith(timeoutMs = 3000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error("socket did not close");
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    const notice = this.frames.find((frame) => frame.type === "closed");
    return notice ? { code: notice.code, reason: notice.reason } : this.closed;
  }

  ofType(type: string) {
    return this.frames.filter((frame) => frame.type === type);
  }

  /** Waits a moment so frames that should not arrive would have. */
  async settle(ms = 150) {
    await new Promise((resolve) => setTimeout(resolve, ms));
  }

  close() {
    this.ws.close(1000, "done");
  }
}

export async function ticketFor(token: string): Promise<string> {
  return (await call("/api/realtime/ticket", { method: "POST", token })).json.data.ticket;
}

export function upgrade(path: string, headers: Record<string, string> = {}) {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { headers: { Upgrade: "websocket", ...headers } }));
}

export async function openSocket(path: string, token: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  const separator = path.includes("?") ? "&" : "?";
  const res = await upgrade(`${path}${separator}ticket=${await ticketFor(token)}`, headers);
  if (res.status !== 101 || !res.webSocket) throw new Error(`upgrade failed: ${res.status} ${await res.text()}`);
  res.webSocket.accept();
  return new TestSocket(res.webSocket);
}

export const openRoom = async (token: string, roomId: string, options: { batch?: boolean } = {}) => {
  const socket = await openSocket(`/api/rooms/${roomId}/ws${options.batch ? "?batch=1" : ""}`, token);
  await socket.next((f) => f.type === "hello");
  return socket;
};

export const openInbox = async (token: string) => {
  const socket = await openSocket("/api/ws", token);
  await socket.next((f) => f.type === "hello");
  return socket;
};
