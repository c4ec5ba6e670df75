import { summarize, type Stats } from "./stats.ts";

export interface ClientContext {
  // 0-based index of the simulated client running this task.
  client: number;
  // How many tasks this client has started before this one, warm-up included.
  iteration: number;
}

interface CommonOptions {
  concurrency: number;
  // Tasks completing before the warm-up ends are run but not recorded (JIT, connections, caches).
  warmupMs?: number;
  // A task succeeds by resolving and fails by throwing; the message names the failure.
  task: (context: ClientContext) => Promise<unknown>;
}

export type LoadOptions = CommonOptions & ({ durationMs: number; count?: never } | { count: number; durationMs?: never });

export interface LoadResult {
  concurrency: number;
  ok: number;
  errors: number;
  // Failure message → occurrences, so a report can say what went wrong, not only how often.
  errorKinds: Record<string, number>;
  // Length of the measurement window.
  elapsedMs: number;
  // Successful tasks per second of the measurement window.
  throughput: number;
  // Latency of the successful tasks, in milliseconds.
  latency: Stats;
}

// Closed loop: `concurrency` clients each start their next task as soon as the previous
// one ends, like users who wait for an answer. A task counts when it completes inside
// the measurement window, which starts after the warm-up and ends after `durationMs`, or
// at the `count`-th completion. Tasks still running when the window closes are awaited
// (so the next measurement does not start on a busy server) but not recorded.
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { concurrency, task, warmupMs = 0 } = options;
  const count = options.count;
  if (!(concurrency >= 1) || (count !== undefined && !(count >= 1))) {
    throw new RangeError(`runLoad needs concurrency ≥ 1 and count ≥ 1 (got ${concurrency}, ${count})`);
  }
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  let errors = 0;
  let inFlight = 0;

  const windowStart = performance.now() + warmupMs;
  let windowEnd = options.durationMs === undefined ? Number.POSITIVE_INFINITY : windowStart + options.durationMs;
  const recorded = () => latencies.length + errors;

  const mayStart = (now: number) => {
    if (now < windowStart) return true;
    // In count mode, start no more tasks than needed to reach the count.
    return count === undefined ? now < windowEnd : recorded() + inFlight < count;
  };

  const record = (started: number, ended: number, failure: unknown) => {
    if (ended < windowStart || ended > windowEnd) return;
    if (count !== undefined && recorded() >= count) return;
    if (failure === undefined) {
      latencies.push(ended - started);
    } else {
      errors++;
      const kind = failure instanceof Error ? failure.message : String(failure);
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    }
    if (count !== undefined && recorded() === count) windowEnd = ended;
  };

  const runClient = async (client: number) => {
    for (let iteration = 0; ; iteration++) {
      const started = performance.now();
      if (!mayStart(started)) return;
      inFlight++;
      let failure: unknown;
      try {
        await task({ client, iteration });
      } catch (error) {
        // A task that throws `undefined` still failed.
        failure = error ?? new Error("task failed");
      }
      inFlight--;
      record(started, performance.now(), failure);
    }
  };

  await Promise.all(Array.from({ length: concurrency }, (_, client) => runClient(client)));

  const elapsedMs = windowEnd - windowStart;
  return {
    concurrency,
    ok: latencies.length,
    errors,
    errorKinds,
    elapsedMs,
    throughput: elapsedMs > 0 ? latencies.length / (elapsedMs / 1000) : Number.NaN,
    latency: summarize(latencies),
  };
}
