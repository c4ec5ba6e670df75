import { createECDH, randomBytes, type ECDH } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import ece from "http_ece";
import { importJWK, jwtVerify, type JWTPayload } from "jose";

// A stand-in push service on 127.0.0.1 for the end-to-end tests: it records every request
// the Worker sends, and answers each subscription's requests with the status the test set
// (201 by default; 404 or 410 for a subscription the service says is gone).

export interface PushRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface PushService {
  origin: string;
  requests: PushRequest[];
  /** The status requests to `path` are answered with. */
  answer(path: string, status: number): void;
  /** Resolves once `count` requests to `path` have arrived. */
  received(path: string, count?: number): Promise<PushRequest[]>;
  close(): Promise<void>;
}

export async function startPushService(): Promise<PushService> {
  const requests: PushRequest[] = [];
  const statuses = new Map<string, number>();
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      requests.push({ path, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(statuses.get(path) ?? 201).end();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const forPath = (path: string) => requests.filter((request) => request.path === path);
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    answer: (path, status) => void statuses.set(path, status),
    received: (path, count = 1) =>
      new Promise((resolve) => {
        const check = () => {
          if (forPath(path).length < count) return;
          waiters.delete(check);
          resolve(forPath(path));
        };
        waiters.add(check);
        check();
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A browser's side of a subscription: its key pair and secret, and reading what arrives. */
export class PushReceiver {
  readonly ecdh: ECDH = createECDH("prime256v1");
  readonly auth = randomBytes(16);

  constructor(readonly endpoint: string) {
    this.ecdh.generateKeys();
  }

  /** The body of POST /api/push/subscriptions, as PushSubscription.toJSON() gives it. */
  subscription(lang?: "en" | "ko") {
    return {
      endpoint: this.endpoint,
      keys: { p256dh: this.ecdh.getPublicKey().toString("base64url"), auth: this.auth.toString("base64url") },
      expirationTime: null,
      ...(lang && { lang }),
    };
  }

  /** Decrypts a request's aes128gcm body with http_ece, the independent implementation. */
  decrypt(request: PushRequest): unknown {
    const plaintext = ece.decrypt(request.body, { version: "aes128gcm", privateKey: this.ecdh, authSecret: this.auth });
    return JSON.parse(plaintext.toString("utf8"));
  }
}

/** Checks a request's VAPID Authorization (RFC 8292) and answers the token's claims. */
export async function verifyVapid(request: PushRequest, expectedKey: string): Promise<JWTPayload> {
  const match = /^vapid t=([\w.-]+), k=([\w-]+)$/.exec(request.headers.authorization ?? "");
  if (!match) throw new Error(`not a VAPID Authorization header: ${request.headers.authorization}`);
  const [, token, key] = match;
  if (key !== expectedKey) throw new Error(`the request names another key: ${key}`);
  const point = Buffer.from(key, "base64url");
  const publicKey = await importJWK(
    { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") },
    "ES256",
  );
  const { payload, protectedHeader } = await jwtVerify(token!, publicKey, { algorithms: ["ES256"] });
  if (protectedHeader.typ !== "JWT") throw new Error(`unexpected token type ${protectedHeader.typ}`);
  return payload;
}
