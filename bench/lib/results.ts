import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { machineSummary, type Machine } from "./machine.ts";
import { renderTable, type Table } from "./markdown.ts";
import type { BenchOptions } from "./suite.ts";

export interface RunRecord {
  suite: string;
  description: string;
  startedAt: string;
  durationMs: number;
  machine: Machine;
  options: BenchOptions;
  tables: Table[];
  notes: string[];
  data: unknown;
}

const RESULTS = new URL("../results/", import.meta.url);
// Quick runs are smoke checks: kept apart (and out of git) so they never pass for results.
const QUICK_RESULTS = new URL("quick/", RESULTS);
const LATEST = new URL("latest.md", RESULTS);

// ISO 8601 without the colons and milliseconds most file systems and tools dislike;
// it still sorts by time.
const fileStamp = (iso: string) => iso.replace(/\.\d+Z$/, "Z").replaceAll(":", "-");
const recordFile = (suite: string) => new RegExp(`^${suite}-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z\\.json$`);

// A reader (or an interrupted run) never sees half a file.
async function writeAtomically(file: URL, text: string): Promise<void> {
  const temporary = new URL(`${file.href}.tmp`);
  await writeFile(temporary, text);
  await rename(temporary, file);
}

export function renderRecord(record: RunRecord): string {
  const took = `${(record.durationMs / 1000).toFixed(0)} s`;
  const run = record.options.quick ? "Quick run" : "Full run";
  return [
    `## ${record.suite}`,
    "",
    record.description,
    "",
    `${run} started ${record.startedAt}, took ${took}. Machine: ${machineSummary(record.machine)}.`,
    ...record.tables.flatMap((table) => ["", renderTable(table)]),
    ...(record.notes.length ? ["", ...record.notes.map((note) => `- ${note}`)] : []),
    "",
  ].join("\n");
}

export async function saveRecord(record: RunRecord): Promise<string> {
  const directory = record.options.quick ? QUICK_RESULTS : RESULTS;
  await mkdir(directory, { recursive: true });
  const file = new URL(`${record.suite}-${fileStamp(record.startedAt)}.json`, directory);
  await writeAtomically(file, `${JSON.stringify(record, null, 2)}\n`);
  return fileURLToPath(file);
}

// Rebuilds latest.md from the newest full run of every suite, so running one suite
// updates its section and keeps the others'.
export async function writeLatest(suites: readonly string[]): Promise<string> {
  const files = (await readdir(RESULTS)).sort();
  const sections: string[] = [];
  for (const suite of suites) {
    const newest = files.filter((file) => recordFile(suite).test(file)).at(-1);
    if (!newest) continue;
    const record = JSON.parse(await readFile(new URL(newest, RESULTS), "utf8")) as RunRecord;
    sections.push(renderRecord(record).replace(/\n*$/, `\n\nFull figures: \`bench/results/${newest}\`.\n`));
  }
  const header = [
    "# Latest benchmark results",
    "",
    "Written by `npm run bench` from the newest full run of each suite; `bench/README.md` says what each figure means.",
    "Figures from different machines (or a busy machine) do not compare: compare ratios, or rerun both on one machine.",
    "",
  ].join("\n");
  await writeAtomically(LATEST, `${header}\n${sections.join("\n")}`);
  return fileURLToPath(LATEST);
}
