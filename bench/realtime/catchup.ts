import { clock, closeSockets, openSocket, sendFrame, stampText } from "./generator.ts";
import { createGroup, roomSocketUrl, type ParleyTarget } from "./parley.ts";

// Catch-up: a client that is N messages behind opens a socket and asks for them with
// {"type":"sync","after_seq"}; it is current when `synced` has arrived and every message
// after its seq has too. Parley only: the floor keeps no history.

const SEED_SOCKETS = 5;
// Sends in flight per seeding socket: enough to keep the room busy, few enough that the
// room's flood control (raised for the bench) and its batching see a steady stream.
const SEED_WINDOW = 50;
const SYNC_TIMEOUT_MS = 30_000;

export interface SeedResult {
  sent: number;
  ms: number;
}

// Adds `count` messages to a room through a few sockets, each keeping SEED_WINDOW sends
// waiting for their ack: as fast as the room accepts them.
export async function seedMessages(
  target: ParleyTarget,
  roomId: string,
  count: number,
  timeoutMs: number,
  text: (n: number) => string = (n) => stampText(clock(), n),
): Promise<SeedResult> {
  const started = clock();
  let next = 0;
  let acked = 0;
  let failed: Error | null = null;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  const sockets = await Promise.all(
    Array.from({ length: SEED_SOCKETS }, async (_, index) => {
      const { ws } = await openSocket(await roomSocketUrl(target, roomId, index, true), (data) => {
        const type = String.fromCharCode(data[9]!);
        if (type === "e") {
          failed ??= new Error(`seeding: the room refused a send: ${data.toString().slice(0, 200)}`);
          return done();
        }
        if (type !== "a") return;
        acked++;
        if (next < count) ws.send(sendFrame(`seed-${roomId}-${next}`, text(next++)));
        if (acked >= count) done();
      });
      return ws;
    }),
  );
  const timer = setTimeout(() => {
    failed ??= new Error(`seeding: ${acked} of ${count} messages acked in ${timeoutMs} ms`);
    done();
  }, timeoutMs);
  try {
    for (const ws of sockets) {
      for (let i = 0; i < SEED_WINDOW && next < count; i++) ws.send(sendFrame(`seed-${roomId}-${next}`, text(next++)));
    }
    if (count > 0) await finished;
    if (failed) throw failed;
    return { sent: acked, ms: clock() - started };
  } finally {
    clearTimeout(timer);
    await closeSockets(sockets);
  }
}

export interface CatchUpRun {
  batch: boolean;
  behind: number;
  // Ticket request, upgrade and hello.
  connectMs: number;
  // `sync` sent → `synced` and every missed message received (and parsed).
  syncMs: number;
  received: number;
  frames: number;
  // Every seq after `after_seq` exactly once, in order, ending at the room's last seq.
  complete: boolean;
}

// One client `behind` messages behind the room's newest: opens a socket, syncs, and
// parses every frame as a real client would (JSON.parse).
export async function catchUp(target: ParleyTarget, roomId: string, behind: number, batch: boolean): Promise<CatchUpRun> {
  const connectStart = clock();
  let afterSeq = 0;
  let expectSeq = 0;
  let received = 0;
  let frames = 0;
  let inOrder = true;
  let syncedAt = Number.NaN;
  let syncedSeq = -1;
  let resolveSynced: () => void = () => {};
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
  const { ws, hello } = await openSocket(await roomSocketUrl(target, roomId, 0, batch), (data) => {
    frames++;
    const frame = JSON.parse(data.toString()) as { type: string; message?: { seq: number }; messages?: Array<{ seq: number }>; last_seq?: number };
    const messages = frame.type === "message" ? [frame.message!] : frame.type === "messages" ? frame.messages! : [];
    for (const message of messages) {
      if (message.seq !== expectSeq) inOrder = false;
      expectSeq = message.seq + 1;
      received++;
    }
    if (frame.type === "synced") {
      syncedAt = clock();
      syncedSeq = frame.last_seq ?? -1;
      resolveSynced();
    }
  });
  const connectMs = clock() - connectStart;
  try {
    afterSeq = Math.max(0, hello.last_seq - behind);
    expectSeq = afterSeq + 1;
    const syncStart = clock();
    ws.send(JSON.stringify({ type: "sync", after_seq: afterSeq }));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`catch-up: no synced within ${SYNC_TIMEOUT_MS} ms`)), SYNC_TIMEOUT_MS);
    });
    try {
      await Promise.race([synced, timeout]);
    } finally {
      clearTimeout(timer);
    }
    const wanted = hello.last_seq - afterSeq;
    return {
      batch,
      behind: wanted,
      connectMs,
      syncMs: syncedAt - syncStart,
      received,
      frames,
      complete: inOrder && received === wanted && syncedSeq === hello.last_seq,
    };
  } finally {
    await closeSockets([ws]);
  }
}

// A room at least `behind` messages deep: `existing` if it already is (the sweep's busiest
// Parley room usually is), else a new one seeded from scratch.
export async function catchUpRoom(
  target: ParleyTarget,
  existing: { roomId: string; lastSeq: number } | undefined,
  behind: number,
  timeoutMs: number,
): Promise<{ roomId: string; seeded: SeedResult | null; reused: boolean }> {
  if (existing && existing.lastSeq >= behind) return { roomId: existing.roomId, seeded: null, reused: true };
  const roomId = existing?.roomId ?? (await createGroup(target, "Catch-up"));
  const have = existing?.lastSeq ?? 1;
  const seeded = await seedMessages(target, roomId, behind - have, timeoutMs);
  return { roomId, seeded, reused: existing !== undefined };
}
