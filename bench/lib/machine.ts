import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";

export interface Machine {
  cpuModel: string;
  cpus: number;
  // What this process may actually use (cgroup limits included): the cores a CPU-bound
  // workload can scale to.
  availableParallelism: number;
  memoryGiB: number;
  os: string;
  node: string;
  // The workerd that wrangler runs the app on.
  workerd: string;
  wrangler: string;
  // Other work on the machine skews the figures; the load at the start says how busy it was.
  loadAverage: [number, number, number];
  commit: string;
}

const root = new URL("../../", import.meta.url);

const versionAt = (manifest: string) => (JSON.parse(readFileSync(manifest, "utf8")) as { version?: string }).version ?? "unknown";

// Resolved the way Node resolves them for wrangler: wrangler may bring its own miniflare
// and workerd, newer than the top-level ones other tools use, and those are what run.
function runtimeVersions(): { wrangler: string; workerd: string } {
  try {
    const fromBench = createRequire(import.meta.url);
    const miniflare = createRequire(fromBench.resolve("wrangler")).resolve("miniflare");
    return {
      wrangler: versionAt(fromBench.resolve("wrangler/package.json")),
      workerd: versionAt(createRequire(miniflare).resolve("workerd/package.json")),
    };
  } catch {
    return { wrangler: "unknown", workerd: "unknown" };
  }
}

function gitCommit(): string {
  try {
    // "-dirty" marks figures measured with uncommitted changes.
    return execFileSync("git", ["describe", "--always", "--dirty"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

export function describeMachine(): Machine {
  const [one = 0, five = 0, fifteen = 0] = os.loadavg();
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    cpus: os.cpus().length,
    availableParallelism: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.versions.node,
    ...runtimeVersions(),
    loadAverage: [one, five, fifteen],
    commit: gitCommit(),
  };
}

export function machineSummary(machine: Machine): string {
  const load = machine.loadAverage.map((value) => value.toFixed(2)).join(" / ");
  return [
    `${machine.cpus} × ${machine.cpuModel} (${machine.availableParallelism} available), ${machine.memoryGiB} GiB, ${machine.os}`,
    `Node ${machine.node}, workerd ${machine.workerd}, wrangler ${machine.wrangler}`,
    `load average ${load} at start, commit ${machine.commit}`,
  ].join("; ");
}
