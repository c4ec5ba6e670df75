import WebSocket from "ws";

export type Frame = Record<string, any> & { type: string };

// A small API and socket client for end-to-end tests against a running app.
export class Client {
  constructor(
    readonly base: string,
    readonly token: string,
    readonly user: { id: string; username: string },
  ) {}

  static async signUp(base: string, username: string, password = "Correct-Horse-9"): Promise<Client> {
    const res = await api(base, "POST", "/api/auth/register", { username, password });
    if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
    return new Client(base, res.body.data.access_token, res.body.data.user);
  }

  call(method: string, path: string, body?: unknown) {
    return api(this.base, method, path, body, this.token);
  }

  async ticket(): Promise<string> {
    return (await this.call("POST", "/api/realtime/ticket")).body.data.ticket;
  }

  async socket(path: string): Promise<SocketClient> {
    const url = `${this.base.replace(/^http/, "ws")}${path}${path.includes("?") ? "&" : "?"}ticket=${await this.ticket()}`;
    const socket = new SocketClient(new WebSocket(url));
    await socket.opened;
    return socket;
  }
}

export async function api(base: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined && { "Content-Type": "application/json" }), ...(token && { Authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined, headers: res.headers };
}

export class SocketClient {
  readonly frames: Frame[] = [];
  readonly opened: Promise<void>;
  closed: { code: number; reason: string } | null = null;
  private listeners = new Set<() => void>();

  constructor(readonly ws: WebSocket) {
    this.opened = new Promise((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once("error", reject);
    });
    ws.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      // As a well-behaved client does: the server said it is closing, so close our side now.
      if (frame.type === "closed") ws.close(1000);
      this.notify();
    });
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.notify();
    });
  }

  private notify() {
    for (const listener of this.listeners) listener();
  }

  send(frame: unknown) {
    this.ws.send(JSON.stringify(frame));
  }

  /** Resolves when the condition over the frames so far holds. */
  until<T>(condition: (frames: Frame[]) => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = condition(this.frames);
        if (value !== undefined && value !== null && value !== false) {
          cleanup();
          resolve(value);
        } else if (this.closed) {
          cleanup();
          reject(new Error(`socket closed (${this.closed.code}) before the condition held`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out; frames: ${JSON.stringify(this.frames.map((f) => f.type))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Every message this socket saw, from `message` and batched `messages` frames, in arrival order. */
  messages(): Frame[] {
    return this.frames.flatMap((f) => (f.type === "message" ? [f.message] : f.type === "messages" ? f.messages : []));
  }

  close() {
    this.ws.close(1000);
  }
}
