import { withApp } from "../lib/app.ts";
import { formatNumber, type Table } from "../lib/markdown.ts";
import { summarize, type Stats } from "../lib/stats.ts";
import type { Suite } from "../lib/suite.ts";
import { seedMessages } from "../realtime/catchup.ts";
import { createGroup, inBatches, signUpUsers, type ParleyTarget } from "../realtime/parley.ts";

// Search latency: GET /api/search over 100,000 messages in 50 rooms, across all of the
// caller's rooms (a fan-out to every room's object, each searching its own FTS5 index) and
// within one room. The messages are sentences drawn from a vocabulary with the skewed word
// frequencies of real text, so common words match thousands of messages and rare ones a few.

const PLAN = { full: { rooms: 50, perRoom: 2_000, samples: 200 }, quick: { rooms: 10, perRoom: 500, samples: 30 } };
const VOCABULARY = 3_000;
const WARMUP = 5;
// Rooms seeded at once; each seeding already keeps its room busy.
const SEEDING_ROOMS_AT_ONCE = 4;

// Deterministic, so every run searches the same text.
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ["ka", "lo", "mi", "ren", "sa", "tu", "vel", "do", "ni", "qua", "ber", "zo", "lin", "po", "ta", "mor"];
const words = Array.from({ length: VOCABULARY }, (_, i) => {
  let word = "";
  for (let n = i + SYLLABLES.length; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
  return word;
});

// Zipf's law: the word of rank r turns up in proportion to 1/r.
const weights = words.map((_, rank) => 1 / (rank + 1));
const total = weights.reduce((sum, w) => sum + w, 0);
const cumulative = weights.reduce<number[]>((acc, w) => [...acc, (acc.at(-1) ?? 0) + w / total], []);
function pickWord(next: () => number): string {
  const r = next();
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return words[lo]!;
}

const sentence = (next: () => number) => Array.from({ length: 6 + Math.floor(next() * 12) }, () => pickWord(next)).join(" ");

interface Query {
  name: string;
  q: string;
  scope: "all rooms" | "one room";
}

const QUERIES: Query[] = [
  { name: "a common word", q: words[2]!, scope: "all rooms" },
  { name: "a rare word", q: words[2_400]!, scope: "all rooms" },
  { name: "two words", q: `${words[40]} ${words[300]}`, scope: "all rooms" },
  { name: "a phrase", q: `"${words[5]} ${words[9]}"`, scope: "all rooms" },
  { name: "a word's start", q: words[120]!.slice(0, 4), scope: "all rooms" },
  { name: "a common word", q: words[2]!, scope: "one room" },
  { name: "a rare word", q: words[2_400]!, scope: "one room" },
];

interface Measured extends Query {
  ms: Stats;
  hits: number;
}

export const search: Suite = {
  name: "search",
  description:
    "Search latency over 100,000 messages in 50 rooms (10 members each, sentences with the word frequencies of real text): GET /api/search across all of the caller's rooms, which asks every room's object in parallel and merges by rank, and within one room; one request at a time, first page of 20.",

  async run({ options, progress }) {
    const plan = options.quick ? PLAN.quick : PLAN.full;
    // As in the realtime suite: wrangler's local trace store fsyncs every socket event.
    const observabilityBefore = process.env.X_LOCAL_OBSERVABILITY;
    process.env.X_LOCAL_OBSERVABILITY ??= "false";
    const results = await withApp(
      async (app) => {
        const target: ParleyTarget = await signUpUsers(app.url, `se${Date.now().toString(36)}_`);
        const rooms = await inBatches(plan.rooms, (i) => createGroup(target, `Search ${i}`));
        const started = performance.now();
        await inBatches(
          plan.rooms,
          async (i) => {
            progress(`seeding room ${i + 1} of ${plan.rooms} with ${plan.perRoom} messages`);
            const next = random(i + 1);
            await seedMessages(target, rooms[i]!, plan.perRoom, 600_000, () => sentence(next));
          },
          SEEDING_ROOMS_AT_ONCE,
        );
        const seedMs = performance.now() - started;
        const headers = { Authorization: `Bearer ${target.users[0]!.token}` };
        const measured: Measured[] = [];
        for (const query of QUERIES) {
          progress(`searching ${query.scope} for ${query.name}, ${plan.samples} times`);
          const times: number[] = [];
          let hits = 0;
          for (let i = -WARMUP; i < plan.samples; i++) {
            const params = new URLSearchParams({ q: query.q, limit: "20" });
            if (query.scope === "one room") params.set("room_id", rooms[i < 0 ? 0 : i % rooms.length]!);
            const begun = performance.now();
            const response = await fetch(`${app.url}/api/search?${params}`, { headers });
            const body = (await response.json()) as { data?: { messages: unknown[] } };
            const ms = performance.now() - begun;
            if (response.status !== 200 || !body.data) throw new Error(`search answered ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
            if (i >= 0) times.push(ms);
            hits = body.data.messages.length;
          }
          measured.push({ ...query, ms: summarize(times), hits });
        }
        return { measured, seedMs };
      },
      { vars: { ROOM_SOCKET_FRAMES_PER_SECOND: "100000" } },
    ).finally(() => {
      if (observabilityBefore === undefined) delete process.env.X_LOCAL_OBSERVABILITY;
      else process.env.X_LOCAL_OBSERVABILITY = observabilityBefore;
    });

    const messages = plan.rooms * plan.perRoom;
    const table: Table = {
      title: `GET /api/search over ${messages.toLocaleString("en")} messages in ${plan.rooms} rooms (ms, ${plan.samples} requests each)`,
      columns: ["Query", "scope", "p50", "p95", "p99", "max", "hits on the first page"],
      rows: results.measured.map((m) => [m.name, m.scope, formatNumber(m.ms.p50, 1), formatNumber(m.ms.p95, 1), formatNumber(m.ms.p99, 1), formatNumber(m.ms.max, 1), m.hits]),
    };
    const all = results.measured.filter((m) => m.scope === "all rooms");
    const notes = [
      `Across all rooms, the median search took ${formatNumber(Math.min(...all.map((m) => m.ms.p50)), 1)}–${formatNumber(Math.max(...all.map((m) => m.ms.p50)), 1)} ms and p99 at most ${formatNumber(Math.max(...all.map((m) => m.ms.p99)), 1)} ms: one request to each of the ${plan.rooms} room objects, in parallel, each answering its best 20.`,
      `Seeding the ${messages.toLocaleString("en")} messages (indexed as they were written) took ${formatNumber(results.seedMs / 1000, 0)} s.`,
      "Local run: every room object shares one workerd process on this machine; deployed, the rooms' objects run apart and the fan-out's cost is the slowest room, not their sum.",
    ];
    return { tables: [table], notes, data: { plan, vocabulary: VOCABULARY, queries: results.measured, seedMs: results.seedMs } };
  },
};
