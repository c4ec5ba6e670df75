import { connectLite, type LiteSocket } from "./liteSocket.ts";
import { cpuPercent, sampleCpu, type CpuSample, type Watched } from "./procs.ts";

// The open-loop load generator and its receivers, shared by Parley and the floor: both
// speak the same frames, so the same code drives both and the same code pays the same
// receiving cost for both.
//
// Open loop: message k of a step is due at start + k / rate whatever happened to the
// earlier ones; its intended send time is stamped in its text ({"t": ms, "n": k}), and a
// receiver's latency is arrival − intended time on this process's clock, so a server (or
// a generator) that falls behind shows up as latency instead of quietly sending less
// (no coordinated omission).

// Milliseconds since the epoch, sub-millisecond, on one monotonic clock for the process.
export const clock = () => performance.timeOrigin + performance.now();

const OPEN_TIMEOUT_MS = 20_000;
// Every frame both servers send starts {"type":" and its tenth byte tells the type apart.
const TYPE_AT = 9;
const BYTE = { ack: 0x61, error: 0x65, hello: 0x68, message: 0x6d } as const;
const SEQ_KEY = Buffer.from('"seq":');
// The stamp as it appears inside the JSON-escaped text field: \"t\":
const STAMP_KEY = Buffer.from('\\"t\\":');

// One message frame in this many is also read with JSON.parse, to check the scanner.
export const CHECK_EVERY = 499;
export const TIMELINE_BUCKET_MS = 250;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readInt(buf: Buffer, at: number): [value: number, end: number] {
  let value = 0;
  let i = at;
  for (let c = buf[i]!; c >= 48 && c <= 57; c = buf[++i]!) value = value * 10 + (c - 48);
  return [value, i];
}

function readDecimal(buf: Buffer, at: number): number {
  const [whole, end] = readInt(buf, at);
  if (buf[end] !== 0x2e) return whole;
  let fraction = 0;
  let scale = 1;
  for (let i = end + 1, c = buf[i]!; c >= 48 && c <= 57; c = buf[++i]!) {
    fraction = fraction * 10 + (c - 48);
    scale *= 10;
  }
  return whole + fraction / scale;
}

// Calls `each(seq, stamp)` for every message in a `message` or `messages` frame, without
// parsing the JSON: the receivers of a 1,000-client room see hundreds of thousands of
// messages a second, and the generator must stay cheap next to the servers it measures.
// `stamp` is NaN for a message the generator did not send (a room's system notice).
// Checked against JSON.parse by `scanCheck` below.
export function scanMessages(buf: Buffer, each: (seq: number, stamp: number) => void): void {
  let i = buf.indexOf(SEQ_KEY, TYPE_AT);
  while (i !== -1) {
    const [seq, end] = readInt(buf, i + SEQ_KEY.length);
    const next = buf.indexOf(SEQ_KEY, end);
    const at = buf.indexOf(STAMP_KEY, end);
    const stamp = at !== -1 && (next === -1 || at < next) ? readDecimal(buf, at + STAMP_KEY.length) : Number.NaN;
    each(seq, stamp);
    i = next;
  }
}

// The slow, obviously right reading of the same frame, for the self-check.
export function parseMessages(text: string): Array<[number, number]> {
  const frame = JSON.parse(text) as { type: string; message?: { seq: number; text: string | null }; messages?: Array<{ seq: number; text: string | null }> };
  const messages = frame.type === "message" ? [frame.message!] : frame.type === "messages" ? frame.messages! : [];
  return messages.map((m) => {
    let stamp = Number.NaN;
    try {
      const parsed = JSON.parse(m.text ?? "") as { t?: unknown };
      if (typeof parsed.t === "number") stamp = parsed.t;
    } catch {
      // Not one of ours.
    }
    return [m.seq, stamp];
  });
}

export const stampText = (intended: number, n: number) => JSON.stringify({ t: Math.round(intended * 1000) / 1000, n });

export const sendFrame = (clientMsgId: string, text: string) => JSON.stringify({ type: "send", client_msg_id: clientMsgId, kind: "text", text });

export interface Hello {
  type: "hello";
  room_id: string;
  last_seq: number;
}

// Opens a socket and resolves with it once the room's hello has arrived; later frames go
// to `onFrame`.
export async function openSocket(url: string, onFrame: (data: Buffer) => void): Promise<{ ws: LiteSocket; hello: Hello }> {
  const ws = await connectLite(url, OPEN_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no hello within ${OPEN_TIMEOUT_MS} ms`));
    }, OPEN_TIMEOUT_MS);
    ws.start(
      (data) => {
        clearTimeout(timer);
        let hello: Hello | undefined;
        try {
          hello = JSON.parse(data.toString()) as Hello;
        } catch {
          // Reported below.
        }
        if (hello?.type !== "hello") {
          ws.terminate();
          reject(new Error(`expected a hello frame, got ${data.toString().slice(0, 80)}`));
          return;
        }
        ws.onMessage = onFrame;
        ws.onClose = () => {};
        resolve({ ws, hello });
      },
      (code) => {
        clearTimeout(timer);
        reject(new Error(`closed (${code}) before hello`));
      },
    );
  });
}

export async function closeSockets(sockets: readonly LiteSocket[]): Promise<void> {
  for (const ws of sockets) ws.close(1000);
  // Each socket gives up on a silent server by itself (LiteSocket's close wait).
  await Promise.all(sockets.map((ws) => ws.closed));
}

// Nearest-rank percentile of sorted samples.
function rank(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

export interface Latency {
  count: number;
  mean: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

export function latencyOf(samples: Float64Array): Latency {
  const sorted = samples.slice().sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: rank(sorted, 50),
    p99: rank(sorted, 99),
    p999: rank(sorted, 99.9),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

export interface StepPlan {
  rate: number;
  warmupMs: number;
  measureMs: number;
  // After the last send: how long in-flight messages may still arrive and count.
  drainMs: number;
  // Then: until no frame has arrived for quietMs (at most quietMaxMs), so a server still
  // working off a backlog does not spill into the next step; then idleMs of nothing.
  quietMs: number;
  quietMaxMs: number;
  idleMs: number;
  // Processes whose CPU use is sampled over the measured window.
  watched: readonly Watched[];
}

export interface StepResult {
  clients: number;
  senders: number;
  rate: number;
  // Over the measured window only (the warm-up's messages are not counted).
  sent: number;
  expected: number;
  received: number;
  lost: number;
  // Over the whole step, warm-up included.
  duplicates: number;
  orderViolations: number;
  // Frames of type error (e.g. rate_limited) and sockets the server closed, during the step.
  errorFrames: number;
  socketsClosed: number;
  // Measured messages that arrived after the drain timeout (counted as lost), and the
  // latency of the last of them.
  late: number;
  lateMaxMs: number;
  // When the drain ended: how many messages the server had acked but nobody had yet
  // received as a broadcast (a server that acks but holds its broadcasts back).
  broadcastBehind: number;
  latency: Latency;
  measuredSeconds: number;
  deliveriesPerSecond: number;
  // How late the generator itself was in sending, against the intended times (ms).
  sendLagMeanMs: number;
  sendLagMaxMs: number;
  drainMs: number;
  quietMs: number;
  // % of one core per watched process over the measured window.
  cpu: Record<string, number>;
  // The worst latency (ms) of the messages due in each successive TIMELINE_BUCKET_MS of the
  // window: a stall shows as a spike, steady overload as a ramp.
  timelineMaxMs: number[];
  passed: boolean;
}

// The acceptance rule of a step (and of "sustained").
export const P99_LIMIT_MS = 100;
export const passes = (r: Pick<StepResult, "latency" | "lost" | "duplicates" | "orderViolations" | "received">) =>
  r.received > 0 && r.latency.p99 < P99_LIMIT_MS && r.lost === 0 && r.duplicates === 0 && r.orderViolations === 0;

interface StepState {
  // Seqs above `base` are this step's; a (client, seq) is remembered in a bitmap.
  base: number;
  capacity: number;
  seen: Uint8Array;
  seenOutside: Set<string>;
  // Intended-time bounds of the measured messages (half an interval inside, so the
  // stamp's rounding never moves a message across).
  from: number;
  to: number;
  latencies: Float64Array;
  received: number;
  duplicates: number;
  orderViolations: number;
  frozen: boolean;
  late: number;
  lateMaxMs: number;
  // The worst latency of the messages due in each TIMELINE_BUCKET_MS of the window.
  timeline: Float64Array;
}

// The clients of one room on one system: connected once, reused by every step of the
// room size. The first `senders` of them also send.
export class Fleet {
  readonly sockets: LiteSocket[] = [];
  private lastSeq: Float64Array;
  private step: StepState | null = null;
  maxSeq = 0;
  // The newest seq seen in an ack, and in a broadcast (by any client).
  maxAckedSeq = 0;
  maxBroadcastSeq = 0;
  lastFrameAt = 0;
  // Messages received by all clients together, in or out of a step.
  messagesSeen = 0;
  errorFrames = 0;
  socketsClosed = 0;
  closeCodes: Record<string, number> = {};
  private closing = false;
  private stepCount = 0;
  private messageFrames = 0;
  // Sampled frames read both ways (scanner and JSON.parse), and how many disagreed.
  readonly checks = { frames: 0, mismatches: 0 };

  readonly clients: number;
  readonly senders: number;
  readonly tag: string;

  private constructor(clients: number, senders: number, tag: string) {
    this.clients = clients;
    this.senders = senders;
    this.tag = tag;
    this.lastSeq = new Float64Array(clients);
  }

  static async connect(options: {
    clients: number;
    senders: number;
    tag: string;
    url: (client: number) => Promise<string>;
    parallel: number;
  }): Promise<Fleet> {
    const fleet = new Fleet(options.clients, Math.min(options.senders, options.clients), options.tag);
    let next = 0;
    let failed = false;
    const opener = async () => {
      while (next < options.clients && !failed) {
        const client = next++;
        const { ws, hello } = await openSocket(await options.url(client), (data) => fleet.onFrame(client, data));
        fleet.sockets[client] = ws;
        fleet.lastSeq[client] = hello.last_seq;
        fleet.maxSeq = Math.max(fleet.maxSeq, hello.last_seq);
        ws.onClose = (code) => {
          if (fleet.closing) return;
          fleet.socketsClosed++;
          fleet.closeCodes[code] = (fleet.closeCodes[code] ?? 0) + 1;
        };
      }
    };
    // On the first failure the other openers stop; once all have, whatever opened is closed.
    const outcomes = await Promise.allSettled(
      Array.from({ length: Math.min(options.parallel, options.clients) }, () =>
        opener().catch((error: unknown) => {
          failed = true;
          throw error;
        }),
      ),
    );
    const failure = outcomes.find((outcome) => outcome.status === "rejected");
    if (failure) {
      await fleet.close();
      throw failure.reason;
    }
    return fleet;
  }

  private onFrame(client: number, data: Buffer): void {
    const now = clock();
    this.lastFrameAt = now;
    const type = data[TYPE_AT];
    if (type === BYTE.message) {
      if (++this.messageFrames % CHECK_EVERY === 0) this.check(data);
      scanMessages(data, (seq, stamp) => this.onMessage(client, seq, stamp, now));
    } else if (type === BYTE.ack) {
      // The ack carries the message; only its seq matters here (the room's newest).
      const at = data.indexOf(SEQ_KEY, TYPE_AT);
      if (at !== -1) {
        const seq = readInt(data, at + SEQ_KEY.length)[0];
        if (seq > this.maxSeq) this.maxSeq = seq;
        if (seq > this.maxAckedSeq) this.maxAckedSeq = seq;
      }
    } else if (type === BYTE.error) {
      this.errorFrames++;
    }
  }

  // The scanner against JSON.parse on a sample of real frames: a mismatch would make every
  // figure wrong, so it is counted and reported.
  private check(data: Buffer): void {
    const scanned: Array<[number, number]> = [];
    scanMessages(data, (seq, stamp) => scanned.push([seq, stamp]));
    const parsed = parseMessages(data.toString());
    const same =
      scanned.length === parsed.length &&
      scanned.every(([seq, stamp], i) => {
        const [parsedSeq, parsedStamp] = parsed[i]!;
        // The scanner adds the fraction to the whole part: equal to within rounding.
        return seq === parsedSeq && (Math.abs(stamp - parsedStamp) < 1e-6 || (Number.isNaN(stamp) && Number.isNaN(parsedStamp)));
      });
    this.checks.frames++;
    if (!same) this.checks.mismatches++;
  }

  private onMessage(client: number, seq: number, stamp: number, now: number): void {
    this.messagesSeen++;
    if (seq > this.maxSeq) this.maxSeq = seq;
    if (seq > this.maxBroadcastSeq) this.maxBroadcastSeq = seq;
    const previous = this.lastSeq[client]!;
    this.lastSeq[client] = Math.max(previous, seq);
    const step = this.step;
    if (!step) return;
    if (seq <= previous) step.orderViolations++;
    const index = seq - step.base - 1;
    let repeated: boolean;
    if (index >= 0 && index < step.capacity) {
      const bit = client * step.capacity + index;
      repeated = step.seen[bit] === 1;
      step.seen[bit] = 1;
    } else {
      const key = `${client}:${seq}`;
      repeated = step.seenOutside.has(key);
      step.seenOutside.add(key);
    }
    if (repeated) {
      step.duplicates++;
      return;
    }
    if (!(stamp >= step.from && stamp < step.to)) return;
    if (step.frozen) {
      step.late++;
      if (now - stamp > step.lateMaxMs) step.lateMaxMs = now - stamp;
      return;
    }
    const latency = now - stamp;
    if (step.received < step.latencies.length) step.latencies[step.received] = latency;
    step.received++;
    const bucket = Math.floor((stamp - step.from) / TIMELINE_BUCKET_MS);
    if (bucket >= 0 && bucket < step.timeline.length && latency > step.timeline[bucket]!) step.timeline[bucket] = latency;
  }

  private caughtUp(): boolean {
    for (let client = 0; client < this.clients; client++) {
      if (this.sockets[client]?.state === "open" && this.lastSeq[client]! < this.maxSeq) return false;
    }
    return true;
  }

  async runStep(plan: StepPlan): Promise<StepResult> {
    const { rate, warmupMs, measureMs } = plan;
    const stepId = `${this.tag}s${++this.stepCount}`;
    const interval = 1000 / rate;
    const warmCount = Math.round((warmupMs * rate) / 1000);
    const measureCount = Math.max(1, Math.round((measureMs * rate) / 1000));
    const total = warmCount + measureCount;
    const start = clock() + 50;
    const expected = measureCount * this.clients;
    // Room for every message of the step and then some (other senders' strays).
    const capacity = total + 64;
    const state: StepState = {
      base: this.maxSeq,
      capacity,
      seen: new Uint8Array(capacity * this.clients),
      seenOutside: new Set(),
      from: start + (warmCount - 0.5) * interval,
      to: start + (total - 0.5) * interval,
      latencies: new Float64Array(expected),
      received: 0,
      duplicates: 0,
      orderViolations: 0,
      frozen: false,
      late: 0,
      lateMaxMs: 0,
      timeline: new Float64Array(Math.ceil((measureCount * interval) / TIMELINE_BUCKET_MS) + 1),
    };
    this.step = state;
    const errorsBefore = this.errorFrames;
    const closedBefore = this.socketsClosed;

    // CPU over the measured window: sampled when it opens and when it closes.
    const pids = plan.watched.map((w) => w.pid);
    let cpuFrom: CpuSample | undefined;
    let cpuTo: CpuSample | undefined;
    const cpuTimers = [
      setTimeout(() => (cpuFrom = sampleCpu(pids)), Math.max(0, start + warmCount * interval - clock())),
      setTimeout(() => (cpuTo = sampleCpu(pids)), Math.max(0, start + total * interval - clock())),
    ];

    let sent = 0;
    let lagSum = 0;
    let lagMax = 0;
    await new Promise<void>((resolve) => {
      let k = 0;
      const tick = () => {
        const now = clock();
        while (k < total) {
          const intended = start + k * interval;
          if (intended > now) break;
          const sender = this.sockets[k % this.senders]!;
          sender.send(sendFrame(`${stepId}-${k}`, stampText(intended, k)));
          if (k >= warmCount) {
            sent++;
            const lag = now - intended;
            lagSum += lag;
            if (lag > lagMax) lagMax = lag;
          }
          k++;
        }
        if (k >= total) return resolve();
        setTimeout(tick, Math.max(0, start + k * interval - clock()));
      };
      setTimeout(tick, Math.max(0, start - clock()));
    });

    const drainStart = clock();
    while (state.received < expected && clock() - drainStart < plan.drainMs) await sleep(5);
    const drainMs = clock() - drainStart;
    state.frozen = true;
    const broadcastBehind = Math.max(0, this.maxAckedSeq - this.maxBroadcastSeq);
    // Both timers have fired by now unless the loop was badly late; then sample here.
    for (const timer of cpuTimers) clearTimeout(timer);
    cpuFrom ??= sampleCpu(pids);
    cpuTo ??= sampleCpu(pids);

    // Quiet: every open client has the room's newest message (acks tell which that is, and
    // a room may ack long before it broadcasts) and nothing arrived for quietMs.
    const quietStart = clock();
    while ((clock() - this.lastFrameAt < plan.quietMs || !this.caughtUp()) && clock() - quietStart < plan.quietMaxMs) await sleep(20);
    const quietMs = clock() - quietStart;
    this.step = null;

    const received = Math.min(state.received, expected);
    const latency = latencyOf(state.latencies.subarray(0, received));
    const measuredSeconds = (measureCount * interval) / 1000;
    const result: StepResult = {
      clients: this.clients,
      senders: this.senders,
      rate,
      sent,
      expected,
      received: state.received,
      lost: expected - received,
      duplicates: state.duplicates,
      orderViolations: state.orderViolations,
      errorFrames: this.errorFrames - errorsBefore,
      socketsClosed: this.socketsClosed - closedBefore,
      late: state.late,
      lateMaxMs: state.lateMaxMs,
      broadcastBehind,
      latency,
      measuredSeconds,
      deliveriesPerSecond: state.received / measuredSeconds,
      sendLagMeanMs: sent ? lagSum / sent : Number.NaN,
      sendLagMaxMs: lagMax,
      drainMs,
      quietMs,
      cpu: cpuPercent(cpuFrom, cpuTo, plan.watched),
      timelineMaxMs: Array.from(state.timeline, (value) => Math.round(value * 10) / 10),
      passed: false,
    };
    result.passed = passes(result);
    await sleep(plan.idleMs);
    return result;
  }

  async close(): Promise<void> {
    this.closing = true;
    await closeSockets(this.sockets.filter(Boolean));
  }
}

export interface EchoResult {
  samples: number;
  // Send → the sender's ack, and send → the sender's own broadcast copy.
  ack: Latency;
  broadcast: Latency;
}

// One client alone in a room, one message at a time: the round trip without load.
export async function echo(url: string, options: { warmup: number; samples: number; tag: string }): Promise<EchoResult> {
  let waiting: { sentAt: number; ackAt?: number; copyAt?: number; done: () => void } | null = null;
  const settle = () => {
    if (waiting && waiting.ackAt !== undefined && waiting.copyAt !== undefined) waiting.done();
  };
  const { ws } = await openSocket(url, (data) => {
    if (!waiting) return;
    const type = data[TYPE_AT];
    if (type === BYTE.ack) waiting.ackAt ??= clock();
    else if (type === BYTE.message) waiting.copyAt ??= clock();
    settle();
  });
  const acks = new Float64Array(options.samples);
  const copies = new Float64Array(options.samples);
  try {
    for (let i = 0; i < options.warmup + options.samples; i++) {
      const sentAt = clock();
      const round = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("echo: no ack and copy within 10 s")), 10_000);
        waiting = {
          sentAt,
          done: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
      ws.send(sendFrame(`${options.tag}-${i}`, stampText(sentAt, i)));
      await round;
      const { ackAt, copyAt } = waiting!;
      waiting = null;
      const index = i - options.warmup;
      if (index >= 0) {
        acks[index] = ackAt! - sentAt;
        copies[index] = copyAt! - sentAt;
      }
    }
  } finally {
    await closeSockets([ws]);
  }
  return { samples: options.samples, ack: latencyOf(acks), broadcast: latencyOf(copies) };
}
