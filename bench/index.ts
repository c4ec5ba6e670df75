import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { describeMachine } from "./lib/machine.ts";
import { renderRecord, saveRecord, writeLatest, type RunRecord } from "./lib/results.ts";
import type { BenchOptions, Suite } from "./lib/suite.ts";
import { auth } from "./suites/auth.ts";
import { client } from "./suites/client.ts";
import { realtime } from "./suites/realtime.ts";
import { search } from "./suites/search.ts";
import { uploads } from "./suites/uploads.ts";

// Every suite, in the order they run and appear in latest.md.
const SUITES: readonly Suite[] = [auth, realtime, uploads, client, search];

const FULL = { durationMs: 6_000, warmupMs: 2_000 };
const QUICK = { durationMs: 2_000, warmupMs: 500 };
// Far above a full default run (about 100 s); only a hang gets this far, and it must end
// the run rather than block whoever started it.
const WATCHDOG_MS = 10 * 60_000;

const USAGE = `Usage: npm run bench -- [suite ...] [options]

Suites: ${SUITES.map((suite) => suite.name).join(", ")} (default: all)

Options:
  --quick                 short smoke run; results go to bench/results/quick/, not latest.md
  --concurrency <list>    concurrent clients per load step, comma-separated (default: 1,2,4)
  --duration <seconds>    measurement window of each step (default: ${FULL.durationMs / 1000}, quick: ${QUICK.durationMs / 1000})
  --warmup <seconds>      unrecorded warm-up before each step (default: ${FULL.warmupMs / 1000}, quick: ${QUICK.warmupMs / 1000})
  --help                  this text
`;

class UsageError extends Error {}

function parseNumber(text: string, flag: string, { allowZero = false } = {}): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || (value === 0 && !allowZero)) {
    throw new UsageError(`${flag} needs a ${allowZero ? "non-negative" : "positive"} number, not "${text}".`);
  }
  return value;
}

function parseCommandLine(args: string[]): { suites: Suite[]; options: BenchOptions; help: boolean } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      quick: { type: "boolean", default: false },
      concurrency: { type: "string", default: "1,2,4" },
      duration: { type: "string" },
      warmup: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  const unknown = positionals.filter((name) => !SUITES.some((suite) => suite.name === name));
  if (unknown.length) throw new UsageError(`Unknown suite: ${unknown.join(", ")}.`);
  const defaults = values.quick ? QUICK : FULL;
  const concurrency = values.concurrency.split(",").map((level) => parseNumber(level, "--concurrency"));
  if (!concurrency.every(Number.isInteger)) throw new UsageError("--concurrency takes whole numbers.");
  return {
    suites: positionals.length ? SUITES.filter((suite) => positionals.includes(suite.name)) : [...SUITES],
    options: {
      quick: values.quick,
      concurrency,
      durationMs: values.duration === undefined ? defaults.durationMs : parseNumber(values.duration, "--duration") * 1000,
      warmupMs: values.warmup === undefined ? defaults.warmupMs : parseNumber(values.warmup, "--warmup", { allowZero: true }) * 1000,
    },
    help: values.help,
  };
}

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

async function main(): Promise<number> {
  let command: ReturnType<typeof parseCommandLine>;
  try {
    command = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    // parseArgs reports unknown or malformed options with ERR_PARSE_ARGS_* codes.
    const parseError = error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS");
    if (!(error instanceof UsageError) && !parseError) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  // wrangler resolves wrangler.toml and the assets directory from the working directory.
  process.chdir(fileURLToPath(new URL("..", import.meta.url)));
  const { suites, options } = command;
  let failures = 0;
  for (const suite of suites) {
    progress(`suite ${suite.name}`);
    const startedAt = new Date();
    // Per suite: the load average tells how busy the machine was when this suite began.
    const machine = describeMachine();
    try {
      const report = await suite.run({ options, progress });
      const record: RunRecord = {
        suite: suite.name,
        description: suite.description,
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
        machine,
        options,
        ...report,
      };
      process.stdout.write(`${renderRecord(record)}\n`);
      progress(`saved ${await saveRecord(record)}`);
    } catch (error) {
      failures++;
      process.stderr.write(`bench: suite ${suite.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }
  if (!options.quick) progress(`wrote ${await writeLatest(SUITES.map((suite) => suite.name))}`);
  return failures ? 1 : 0;
}

const watchdog = setTimeout(() => {
  process.stderr.write(`bench: still running after ${WATCHDOG_MS / 60_000} min; giving up.\n`);
  // Miniflare's exit hook stops workerd, so no server outlives the run.
  process.exit(1);
}, WATCHDOG_MS);
// The watchdog must not be what keeps a finished run alive.
watchdog.unref();

process.exitCode = await main();
