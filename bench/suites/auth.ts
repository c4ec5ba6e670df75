import { availableParallelism } from "node:os";
import { PASSWORD_PARAMS } from "../../worker/lib/password.ts";
import { withApp, withWorker } from "../lib/app.ts";
import { request, type RequestOptions } from "../lib/http.ts";
import { runLoad, type LoadResult } from "../lib/load.ts";
import { formatNumber, type Cell, type Table } from "../lib/markdown.ts";
import { runProbe } from "../lib/probe.ts";
import type { BenchOptions, Suite, SuiteContext } from "../lib/suite.ts";

// Meets the password policy (≥ 8 characters with lower case, upper case and a digit).
const PASSWORD = "Bench-Passw0rd";
// An unknown API path goes through the app's middleware and router and answers 404
// without touching storage: the cheapest request the app serves.
const APP_NOOP_PATH = "/api/bench-noop";
// No-op requests take milliseconds, so a fixed count is both quick and plenty.
const NOOP_SAMPLES = { quick: 20, full: 200 };
// Below this, more clients did not buy meaningfully more hashes per second.
const SCALED = 1.2;
// The Node floor measured again at the end moving by more than this marks a noisy run.
const STEADY = 0.1;

// One address per simulated client, from the documentation range (RFC 5737), as
// Cloudflare would set CF-Connecting-IP for distinct users.
const clientAddress = (client: number) => `198.51.100.${client + 1}`;

interface Step {
  request: "register" | "login";
  result: LoadResult;
}

interface Floor {
  node: LoadResult;
  // The same, measured again after the app has stopped.
  nodeAfter: LoadResult;
  // GET /hash on the hash-only Worker, one entry per concurrency level (1, then all cores).
  workerdHash: LoadResult[];
  workerdNoop: LoadResult;
}

const noopBaseline = (url: string, options: BenchOptions, expect: RequestOptions = {}) =>
  runLoad({
    concurrency: 1,
    count: options.quick ? NOOP_SAMPLES.quick : NOOP_SAMPLES.full,
    warmupMs: Math.min(options.warmupMs, 500),
    task: () => request(url, expect),
  });

// Past the probe's own measuring time: Node's start-up and a last slow hash.
const PROBE_SLACK_MS = 30_000;

const nodeFloor = ({ durationMs, warmupMs }: BenchOptions) =>
  runProbe<LoadResult>("hashFloor.ts", { durationMs, warmupMs }, durationMs + warmupMs + PROBE_SLACK_MS);

// A Worker's clock stands still while it computes, so the hash is timed from outside:
// a request that hashes once, next to one that does nothing.
function measureWorkerdFloor(options: BenchOptions, cores: number, progress: SuiteContext["progress"]) {
  const { durationMs, warmupMs } = options;
  return withWorker("probes/wrangler.toml", async (origin) => {
    progress("floor: GET /noop on the hash-only Worker");
    const workerdNoop = await noopBaseline(`${origin}/noop`, options);
    const workerdHash: LoadResult[] = [];
    for (const clients of new Set([1, cores])) {
      progress(`floor: GET /hash on the hash-only Worker, ${clients} concurrent`);
      workerdHash.push(await runLoad({ concurrency: clients, durationMs, warmupMs, task: () => request(`${origin}/hash`) }));
    }
    return { workerdHash, workerdNoop };
  });
}

export const auth: Suite = {
  name: "auth",
  description:
    "Register and login requests per second through the real app (workerd, D1, Durable Objects over HTTP on 127.0.0.1), next to their floor: the argon2id password hash alone, in a loop, in Node and in workerd.",

  async run({ options, progress }) {
    const { concurrency, durationMs, warmupMs } = options;
    // The cores this process may use: the most a CPU-bound server here could use.
    const cores = availableParallelism();
    // Before any Worker runs, so nothing else competes with the hash for the CPU.
    progress("floor: hashPassword in a loop in a fresh Node process, one thread");
    const node = await nodeFloor(options);
    const workerd = await measureWorkerdFloor(options, cores, progress);

    const { appNoop, steps } = await withApp(async (app) => {
      progress(`app: no-op baseline, GET ${APP_NOOP_PATH}`);
      const appNoop = await noopBaseline(`${app.url}${APP_NOOP_PATH}`, options, { expectStatus: 404 });

      const post = (endpoint: Step["request"], client: number, username: string) =>
        request(`${app.url}/api/auth/${endpoint}`, {
          headers: { "CF-Connecting-IP": clientAddress(client) },
          json: { username, password: PASSWORD },
        });
      const steps: Step[] = [];
      const measure = async (name: Step["request"], task: (client: number) => Promise<unknown>) => {
        for (const clients of concurrency) {
          progress(`app: ${name}, ${clients} concurrent`);
          const result = await runLoad({ concurrency: clients, durationMs, warmupMs, task: ({ client }) => task(client) });
          steps.push({ request: name, result });
        }
      };

      let registered = 0;
      await measure("register", (client) => post("register", client, `bench${++registered}`));
      // Each simulated client signs in to its own account, as separate users would.
      const accounts = Array.from({ length: Math.max(...concurrency) }, (_, client) => `login${client}`);
      for (const [client, username] of accounts.entries()) await post("register", client, username);
      await measure("login", (client) => post("login", client, accounts[client]!));
      return { appNoop, steps };
    });

    progress("floor: hashPassword in Node again, to see whether the machine stayed as quiet");
    const floor: Floor = { node, nodeAfter: await nodeFloor(options), ...workerd };
    return {
      tables: [floorTable(floor, cores), loadTable(appNoop, steps), comparisonTable(floor, steps, cores)],
      notes: notes(floor, appNoop, steps),
      data: { passwordParams: PASSWORD_PARAMS, cores, floor, appNoop, steps },
    };
  },
};

const ms = (value: number) => formatNumber(value, 1);
const perSecond = (value: number) => formatNumber(value, 2);
const ratio = (value: number) => formatNumber(value, 2);
const signedMs = (value: number) => `${value >= 0 ? "+" : "−"}${ms(Math.abs(value))} ms`;
const percent = (value: number) => `${formatNumber(100 * value, 0)}%`;

// The hash inside workerd: one request that hashes, less one that does not.
const workerdHashMs = (floor: Floor) => floor.workerdHash[0]!.latency.p50 - floor.workerdNoop.latency.p50;
const workerdHashesPerSecond = (floor: Floor) => floor.workerdHash[0]!.throughput;

const latencyCells = (result: LoadResult): Cell[] => [
  ms(result.latency.p50),
  ms(result.latency.p95),
  ms(result.latency.p99),
];

function floorTable(floor: Floor, cores: number): Table {
  const { m, t, p } = PASSWORD_PARAMS;
  return {
    title: `Floor: the password hash alone (argon2id m=${m} KiB, t=${t}, p=${p}; ${cores} cores)`,
    columns: ["Where", "clients", "per s", "p50 ms", "p95 ms", "p99 ms", "samples", "errors"],
    rows: [
      ["Node: hashPassword in a loop", 1, perSecond(floor.node.throughput), ...latencyCells(floor.node), floor.node.ok, floor.node.errors],
      [
        "Node: the same, after the app",
        1,
        perSecond(floor.nodeAfter.throughput),
        ...latencyCells(floor.nodeAfter),
        floor.nodeAfter.ok,
        floor.nodeAfter.errors,
      ],
      ...floor.workerdHash.map((result): Cell[] => [
        "workerd: GET /hash (one hash)",
        result.concurrency,
        perSecond(result.throughput),
        ...latencyCells(result),
        result.ok,
        result.errors,
      ]),
      [
        "workerd: GET /noop (no hash)",
        1,
        perSecond(floor.workerdNoop.throughput),
        ...latencyCells(floor.workerdNoop),
        floor.workerdNoop.ok,
        floor.workerdNoop.errors,
      ],
    ],
  };
}

function loadTable(appNoop: LoadResult, steps: Step[]): Table {
  // Throughput relative to the first concurrency step of the same request.
  const first = new Map<string, number>();
  const row = (name: string, result: LoadResult): Cell[] => {
    if (!first.has(name)) first.set(name, result.throughput);
    return [
      name,
      result.concurrency,
      perSecond(result.throughput),
      ratio(result.throughput / first.get(name)!),
      ...latencyCells(result),
      result.ok,
      result.errors,
    ];
  };
  return {
    title: "Through the app (closed loop)",
    columns: ["Request", "clients", "req/s", "scaling", "p50 ms", "p95 ms", "p99 ms", "ok", "errors"],
    rows: [row("no-op (404)", appNoop), ...steps.map((step) => row(step.request, step.result))],
  };
}

function comparisonTable(floor: Floor, steps: Step[], cores: number): Table {
  return {
    title: `Against the floor (Node ${perSecond(floor.node.throughput)} hashes/s and ${ms(floor.node.latency.p50)} ms; workerd ${perSecond(workerdHashesPerSecond(floor))} hashes/s and ${ms(workerdHashMs(floor))} ms)`,
    columns: [
      "Request",
      "clients",
      "÷ Node floor",
      `÷ (Node floor × ${cores})`,
      "÷ workerd floor",
      "p50 − Node hash ms",
      "p50 − workerd hash ms",
    ],
    rows: steps.map(({ request: name, result }) => [
      name,
      result.concurrency,
      ratio(result.throughput / floor.node.throughput),
      ratio(result.throughput / (floor.node.throughput * cores)),
      ratio(result.throughput / workerdHashesPerSecond(floor)),
      ms(result.latency.p50 - floor.node.latency.p50),
      ms(result.latency.p50 - workerdHashMs(floor)),
    ]),
  };
}

function notes(floor: Floor, appNoop: LoadResult, steps: Step[]): string[] {
  const lines: string[] = [];
  const failed = [
    ["Node floor", floor.node] as const,
    ["Node floor after the app", floor.nodeAfter] as const,
    ...floor.workerdHash.map((result) => [`workerd GET /hash with ${result.concurrency} clients`, result] as const),
    ["workerd GET /noop", floor.workerdNoop] as const,
    ["app no-op", appNoop] as const,
    ...steps.map((step) => [`${step.request} with ${step.result.concurrency} clients`, step.result] as const),
  ].filter(([, result]) => result.errors > 0);
  for (const [name, result] of failed) {
    const kinds = Object.entries(result.errorKinds).map(([kind, times]) => `${kind} ×${times}`);
    lines.push(`${name}: ${result.errors} errors (${kinds.join(", ")}).`);
  }

  const drift = floor.nodeAfter.throughput / floor.node.throughput - 1;
  lines.push(
    `The Node floor at the end of the run against the start: ${drift >= 0 ? "+" : ""}${percent(drift)} ` +
      `(${perSecond(floor.nodeAfter.throughput)} and ${perSecond(floor.node.throughput)} hashes/s)` +
      (Math.abs(drift) > STEADY ? ": a noisy run, compare it with another." : "."),
  );
  lines.push(
    `The hash takes ${ms(floor.node.latency.p50)} ms in Node and ${ms(workerdHashMs(floor))} ms in workerd (GET /hash p50 − GET /noop p50).`,
  );
  const [single, busiest] = [floor.workerdHash[0]!, floor.workerdHash.at(-1)!];
  if (busiest !== single) {
    const scaling = busiest.throughput / single.throughput;
    lines.push(
      `workerd hashed ${perSecond(busiest.throughput)}/s with ${busiest.concurrency} clients, ×${ratio(scaling)} of one client: ` +
        (scaling < SCALED ? "CPU-bound requests queued instead of using more cores." : "it used more than one core."),
    );
  }

  for (const name of ["register", "login"] as const) {
    const ofRequest = steps.filter((step) => step.request === name).map((step) => step.result);
    const one = ofRequest.find((result) => result.concurrency === 1);
    if (one) {
      lines.push(
        `One ${name} at a time takes ${ms(one.latency.p50)} ms (p50): ${signedMs(one.latency.p50 - workerdHashMs(floor))} beside the hash in workerd, ` +
          `${signedMs(one.latency.p50 - appNoop.latency.p50)} beside the app's no-op request.`,
      );
    }
    const most = ofRequest.at(-1);
    if (most && most.concurrency > 1) {
      lines.push(
        `${name} with ${most.concurrency} clients: ${perSecond(most.throughput)} req/s, ${percent(most.throughput / workerdHashesPerSecond(floor))} of the workerd floor on one thread.`,
      );
    }
  }
  return lines;
}
