import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

// Runs a Node script from bench/probes/ in a fresh process (same Node, same type
// stripping), passing `input` as JSON in argv and parsing its stdout as JSON: for
// measuring something without the bench process's own state around it.
export async function runProbe<T>(script: string, input: unknown, timeoutMs: number): Promise<T> {
  const path = fileURLToPath(new URL(`../probes/${script}`, import.meta.url));
  const { stdout } = await run(process.execPath, [path, JSON.stringify(input)], { timeout: timeoutMs, encoding: "utf8" });
  return JSON.parse(stdout) as T;
}
