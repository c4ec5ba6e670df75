import { signal } from "@preact/signals";

// One live socket that keeps itself open: a fresh ticket for every attempt, exponential
// backoff with jitter between attempts, a keep-alive ping, and an end when the server
// says the socket must not come back (session revoked, removed from the room).

export type SocketStatus = "idle" | "connecting" | "open" | "waiting";

export interface SocketOptions<In> {
  /** The socket's path for a ticket, e.g. `/api/ws?ticket=…`. */
  path(ticket: string): string;
  ticket(): Promise<string>;
  /** Whether an attempt can succeed now (a network, an access token); kick() once it can. */
  ready(): boolean;
  onFrame(frame: In): void;
  onOpen?(): void;
  /** The server closed the socket for good; no further attempt is made. */
  onEnd?(code: number, reason: string): void;
}

const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 30_000;
const PING_EVERY_MS = 30_000;
// Two missed pongs: the connection is dead even if the browser has not noticed.
const SILENCE_LIMIT_MS = 2 * PING_EVERY_MS + 5_000;
// A socket that stayed up this long was healthy; the next failure starts the backoff over.
const HEALTHY_AFTER_MS = 10_000;
// Codes after which coming back would only be refused again.
const FINAL_CODES = new Set([4401, 4403]);

interface ClosedFrame {
  type: "closed";
  code: number;
  reason: string;
}

const isClosed = (frame: { type: string }): frame is ClosedFrame => frame.type === "closed";

export class ReconnectingSocket<In extends { type: string }, Out> {
  readonly status = signal<SocketStatus>("idle");
  private ws: WebSocket | null = null;
  private running = false;
  private attempt = 0;
  private generation = 0;
  private openedAt = 0;
  private lastHeardAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: SocketOptions<In>) {}

  start() {
    if (this.running) return;
    this.running = true;
    addEventListener("online", this.onOnline);
    addEventListener("offline", this.onOffline);
    void this.connect();
  }

  stop() {
    this.running = false;
    removeEventListener("online", this.onOnline);
    removeEventListener("offline", this.onOffline);
    this.drop();
    this.status.value = "idle";
  }

  /** Tries again now, if not connected: the network or the session just came back. */
  kick() {
    if (!this.running || this.ws) return;
    this.attempt = 0;
    void this.connect();
  }

  /** Sends when open; false when the frame could not go (the caller falls back or waits). */
  send(frame: Out): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private readonly onOnline = () => this.kick();

  // Chromium keeps sockets open through some outages (and through emulated offline mode);
  // treating "offline" as closed keeps what the person sees and where messages go honest.
  private readonly onOffline = () => {
    if (!this.running) return;
    this.drop();
    this.status.value = "waiting";
  };

  private drop() {
    this.generation++;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000);
  }

  private async connect() {
    clearTimeout(this.retryTimer);
    if (!this.running || this.ws) return;
    if (!navigator.onLine || !this.options.ready()) {
      this.status.value = "waiting";
      return;
    }
    const generation = ++this.generation;
    this.status.value = "connecting";
    let ticket: string;
    try {
      ticket = await this.options.ticket();
    } catch {
      if (generation === this.generation) this.retryLater();
      return;
    }
    if (generation !== this.generation || !this.running) return;
    const url = new URL(this.options.path(ticket), location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(url);
    this.ws = ws;
    let endCode: number | null = null;
    ws.onopen = () => {
      this.openedAt = this.lastHeardAt = Date.now();
      this.status.value = "open";
      this.pingTimer = setInterval(() => this.keepAlive(ws), PING_EVERY_MS);
      this.options.onOpen?.();
    };
    ws.onmessage = (event: MessageEvent) => {
      this.lastHeardAt = Date.now();
      let frame: In | ClosedFrame;
      try {
        frame = JSON.parse(String(event.data)) as In | ClosedFrame;
      } catch {
        return;
      }
      if (isClosed(frame)) {
        // The server detached this socket and waits for us to close our side.
        const { code, reason } = frame;
        endCode = code;
        ws.close(1000);
        if (FINAL_CODES.has(code)) this.end(code, reason);
        return;
      }
      if (frame.type !== "pong") this.options.onFrame(frame as In);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearInterval(this.pingTimer);
      if (this.openedAt && Date.now() - this.openedAt > HEALTHY_AFTER_MS) this.attempt = 0;
      this.openedAt = 0;
      if (endCode !== null && FINAL_CODES.has(endCode)) return;
      this.retryLater();
    };
  }

  private keepAlive(ws: WebSocket) {
    if (ws !== this.ws) return;
    if (Date.now() - this.lastHeardAt > SILENCE_LIMIT_MS) {
      ws.close(1000);
      return;
    }
    this.send({ type: "ping" } as Out);
  }

  private end(code: number, reason: string) {
    this.stop();
    this.options.onEnd?.(code, reason);
  }

  private retryLater() {
    if (!this.running) return;
    this.status.value = "waiting";
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    this.attempt++;
    // Jitter spreads out the clients that all lost the same server at the same moment.
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
