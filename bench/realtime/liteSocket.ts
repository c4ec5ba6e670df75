import { createHash, randomBytes } from "node:crypto";
import net from "node:net";

// A minimal WebSocket client (RFC 6455) for the load generator: plain TCP, no extensions,
// text frames only. The receivers of a 1,000-client room take hundreds of thousands of
// frames a second on one core; `ws` spends a few microseconds on each (a stream, buffers
// and events per frame), about as much as the floor server spends sending it. Here a
// read is cut into frames in place and each payload is handed over as a view of the
// chunk, so the generator costs less than what it measures. Both systems face this
// same client.

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;
const CLOSE_WAIT_MS = 2_000;

// Masking keys: a client must mask what it sends; a pool of random bytes keeps that cheap.
const MASKS = randomBytes(64 * 1024);
let maskAt = 0;

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const extended = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const head = 2 + extended + 4;
  const out = Buffer.allocUnsafe(head + length);
  out[0] = 0x80 | opcode;
  if (extended === 0) out[1] = 0x80 | length;
  else if (extended === 2) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(length, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeBigUInt64BE(BigInt(length), 2);
  }
  if (maskAt + 4 > MASKS.length) maskAt = 0;
  const m = head - 4;
  MASKS.copy(out, m, maskAt, maskAt + 4);
  maskAt += 4;
  for (let i = 0; i < length; i++) out[head + i] = payload[i]! ^ out[m + (i & 3)]!;
  return out;
}

export type LiteState = "open" | "closing" | "closed";

export class LiteSocket {
  state: LiteState = "open";
  // A whole text (or binary) message; `data` is a view valid only during the call.
  onMessage: (data: Buffer) => void = () => {};
  onClose: (code: number) => void = () => {};
  // Resolves once the connection is gone, however it ended.
  readonly closed: Promise<void>;
  private readonly socket: net.Socket;
  private head: Buffer | null;
  private rest: Buffer | null = null;
  private fragments: Buffer[] | null = null;
  private closeTimer: NodeJS.Timeout | undefined;
  private reported = false;
  private resolveClosed!: () => void;

  // `socket` is paused, `head` holds what arrived after the upgrade's headers: nothing is
  // read until `start` has set the handlers.
  constructor(socket: net.Socket, head: Buffer) {
    this.socket = socket;
    this.head = head;
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    socket.on("close", () => this.finish(1006));
    socket.on("error", () => {});
  }

  start(onMessage: (data: Buffer) => void, onClose: (code: number) => void): void {
    this.onMessage = onMessage;
    this.onClose = onClose;
    if (this.state === "closed") return onClose(1006);
    const head = this.head;
    this.head = null;
    if (head?.length) this.read(head);
    this.socket.on("data", (chunk: Buffer) => this.read(chunk));
    this.socket.resume();
  }

  send(text: string): void {
    if (this.state !== "open") return;
    this.socket.write(frame(OPCODE.text, Buffer.from(text)));
  }

  get bufferedBytes(): number {
    return this.socket.writableLength;
  }

  close(code = 1000): void {
    if (this.state !== "open") return;
    this.state = "closing";
    const payload = Buffer.allocUnsafe(2);
    payload.writeUInt16BE(code, 0);
    this.socket.write(frame(OPCODE.close, payload));
    this.closeTimer = setTimeout(() => this.socket.destroy(), CLOSE_WAIT_MS);
  }

  terminate(): void {
    this.socket.destroy();
  }

  private finish(code: number): void {
    clearTimeout(this.closeTimer);
    this.state = "closed";
    if (this.reported) return;
    this.reported = true;
    this.resolveClosed();
    this.onClose(code);
  }

  private read(chunk: Buffer): void {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = null;
    let at = 0;
    const end = buf.length;
    while (end - at >= 2) {
      const b0 = buf[at]!;
      const b1 = buf[at + 1]!;
      let length = b1 & 0x7f;
      let head = 2;
      if (length === 126) {
        if (end - at < 4) break;
        length = buf.readUInt16BE(at + 2);
        head = 4;
      } else if (length === 127) {
        if (end - at < 10) break;
        length = Number(buf.readBigUInt64BE(at + 2));
        head = 10;
      }
      // Servers never mask; a masked frame is a protocol error worth failing loudly on.
      if (b1 & 0x80) {
        this.socket.destroy();
        return;
      }
      if (end - at - head < length) break;
      const payload = buf.subarray(at + head, at + head + length);
      at += head + length;
      this.handle(b0 & 0x80, b0 & 0x0f, payload);
      if (this.state === "closed") return;
    }
    if (at < end) this.rest = buf.subarray(at);
  }

  private handle(fin: number, opcode: number, payload: Buffer): void {
    switch (opcode) {
      case OPCODE.text:
      case OPCODE.binary:
        if (fin) this.onMessage(payload);
        else this.fragments = [Buffer.from(payload)];
        return;
      case OPCODE.continuation:
        if (!this.fragments) return;
        this.fragments.push(Buffer.from(payload));
        if (fin) {
          const whole = Buffer.concat(this.fragments);
          this.fragments = null;
          this.onMessage(whole);
        }
        return;
      case OPCODE.ping:
        if (this.state === "open") this.socket.write(frame(OPCODE.pong, Buffer.from(payload)));
        return;
      case OPCODE.close: {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        if (this.state === "open") {
          // The server started it: answer with the same code (1000 for none), then hang up.
          const answer = Buffer.allocUnsafe(2);
          answer.writeUInt16BE(code === 1005 ? 1000 : code, 0);
          this.socket.write(frame(OPCODE.close, answer));
        }
        this.state = "closing";
        this.socket.end();
        this.finish(code);
        return;
      }
      default:
        return;
    }
  }
}

// Opens ws://host:port/path; resolves once the server switched protocols.
export function connectLite(url: string, timeoutMs: number): Promise<LiteSocket> {
  const target = new URL(url);
  if (target.protocol !== "ws:") throw new Error(`only ws: URLs, not ${target.protocol}`);
  const key = randomBytes(16).toString("base64");
  const accept = createHash("sha1").update(key + GUID).digest("base64");
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.hostname, port: Number(target.port || 80) });
    socket.setNoDelay(true);
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => fail(new Error(`no upgrade within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const split = received.indexOf("\r\n\r\n");
      if (split === -1) return;
      // Paused until the LiteSocket's owner is ready to read.
      socket.pause();
      socket.off("data", onData);
      socket.off("error", fail);
      socket.off("close", onEarlyClose);
      clearTimeout(timer);
      const lines = received.subarray(0, split).toString("latin1").split("\r\n");
      const status = /^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? "")?.[1];
      const headers = new Map(
        lines.slice(1).map((line) => {
          const colon = line.indexOf(":");
          return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const;
        }),
      );
      if (status !== "101") {
        socket.destroy();
        reject(new Error(`upgrade refused: HTTP ${status ?? "?"}`));
        return;
      }
      if (headers.get("sec-websocket-accept") !== accept) {
        socket.destroy();
        reject(new Error("upgrade answered with a wrong Sec-WebSocket-Accept"));
        return;
      }
      resolve(new LiteSocket(socket, received.subarray(split + 4)));
    };
    const onEarlyClose = () => fail(new Error("connection closed before the upgrade"));
    socket.on("data", onData);
    socket.once("error", fail);
    socket.once("close", onEarlyClose);
    socket.write(
      `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}
