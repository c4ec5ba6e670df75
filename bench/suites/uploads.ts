import { randomBytes } from "node:crypto";
import { withApp, withWorker } from "../lib/app.ts";
import { request } from "../lib/http.ts";
import { formatNumber, type Table } from "../lib/markdown.ts";
import { summarize, type Stats } from "../lib/stats.ts";
import type { Suite } from "../lib/suite.ts";

// Uploads through the app (multipart, streamed, typed from its bytes, stored in R2 in
// parts, recorded in D1) against the floor: the same bytes PUT to a Worker that writes its
// body straight to the local R2 binding (bench/probes/r2).

const MIB = 1024 * 1024;
const SIZES = [1 * MIB, 20 * MIB];
const SAMPLES: Record<"full" | "quick", Record<number, number>> = { full: { [MIB]: 30, [20 * MIB]: 8 }, quick: { [MIB]: 5, [20 * MIB]: 2 } };
const WARMUP = 2;
const PASSWORD = "Bench-Passw0rd";

// A ZIP's first bytes, then random data: a file the app accepts (application/zip) that
// does not compress, like the photos and recordings people send.
function payload(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set(randomBytes(size));
  bytes.set([0x50, 0x4b, 0x03, 0x04], 0);
  return bytes;
}

interface Run {
  size: number;
  samples: number;
  ms: Stats;
  mibPerSecond: number;
}

async function timed(samples: number, once: (i: number) => Promise<void>): Promise<{ ms: Stats; total: number }> {
  for (let i = 0; i < WARMUP; i++) await once(-1 - i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await once(i);
    times.push(performance.now() - started);
  }
  return { ms: summarize(times), total: times.reduce((a, b) => a + b, 0) };
}

const run = (size: number, samples: number, result: { ms: Stats; total: number }): Run => ({
  size,
  samples,
  ms: result.ms,
  mibPerSecond: (size * samples) / MIB / (result.total / 1000),
});

async function check(response: Response, expected: number) {
  if (response.status !== expected) throw new Error(`expected ${expected}, got ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

export const uploads: Suite = {
  name: "uploads",
  description:
    "Upload throughput for 1 MiB and 20 MiB files: POST /api/uploads through the whole app (multipart parsed as a stream, type decided from the bytes, R2 multipart upload in 5 MiB parts, a D1 row) against the floor, a Worker that PUTs the same bytes straight into the local R2 binding. One upload at a time.",

  async run({ options, progress }) {
    const plan = options.quick ? SAMPLES.quick : SAMPLES.full;
    const counts = (size: number) => plan[size] ?? 1;
    const files = new Map(SIZES.map((size) => [size, payload(size)]));

    progress("floor: a Worker writing request bodies to local R2");
    const floor = await withWorker("probes/r2/wrangler.toml", async (origin) => {
      const runs: Run[] = [];
      for (const size of SIZES) {
        progress(`floor: ${size / MIB} MiB × ${counts(size)}`);
        const body = files.get(size)!;
        runs.push(run(size, counts(size), await timed(counts(size), async (i) => check(await fetch(`${origin}/f${size}-${i}`, { method: "PUT", body }), 201))));
      }
      return runs;
    });

    progress("Parley: POST /api/uploads");
    const parley = await withApp(async (app) => {
      const account = (await request(`${app.url}/api/auth/register`, { json: { username: `up${Date.now().toString(36)}`, password: PASSWORD } })) as {
        data: { access_token: string };
      };
      const headers = { Authorization: `Bearer ${account.data.access_token}` };
      const runs: Run[] = [];
      for (const size of SIZES) {
        progress(`Parley: ${size / MIB} MiB × ${counts(size)}`);
        const file = new Blob([files.get(size)!]);
        runs.push(
          run(
            size,
            counts(size),
            await timed(counts(size), async () => {
              const form = new FormData();
              form.append("file", file, "bench.zip");
              await check(await fetch(`${app.url}/api/uploads`, { method: "POST", headers, body: form }), 201);
            }),
          ),
        );
      }
      return runs;
    });

    const table: Table = {
      title: "Upload throughput, one at a time (MiB/s over the samples; latency per upload)",
      columns: ["Size", "samples", "floor MiB/s", "Parley MiB/s", "Parley ÷ floor", "floor p50 ms", "Parley p50 ms", "Parley p95 ms"],
      rows: SIZES.map((size, i) => {
        const f = floor[i]!;
        const p = parley[i]!;
        return [
          `${size / MIB} MiB`,
          p.samples,
          formatNumber(f.mibPerSecond, 1),
          formatNumber(p.mibPerSecond, 1),
          formatNumber(p.mibPerSecond / f.mibPerSecond, 2),
          formatNumber(f.ms.p50, 1),
          formatNumber(p.ms.p50, 1),
          formatNumber(p.ms.p95, 1),
        ];
      }),
    };
    const notes = SIZES.map((size, i) => {
      const extra = parley[i]!.ms.p50 - floor[i]!.ms.p50;
      return `${size / MIB} MiB: Parley ${formatNumber(parley[i]!.mibPerSecond / floor[i]!.mibPerSecond, 2)} of the floor's throughput; ${formatNumber(extra, 1)} ms more per upload at the median (multipart parsing, sniffing, ${size > 5 * MIB ? "an R2 multipart upload in 5 MiB parts, " : ""}authentication and the D1 row).`;
    });
    notes.push("Both write to local R2 (Miniflare's file-backed emulation) on the same machine; deployed, R2 is remote and both figures change, so compare the ratio.");
    return { tables: [table], notes, data: { floor, parley, sizes: SIZES, warmup: WARMUP } };
  },
};
