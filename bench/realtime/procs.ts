import { readdirSync, readFileSync, readlinkSync } from "node:fs";

// CPU time of the processes taking part in a step (the server, wrangler's proxy, the load
// generator), from /proc: which one saturates tells where the time goes. Linux only; on
// anything else, or for a process that is gone, the figures are NaN.

// Linux reports /proc/<pid>/stat times in clock ticks of 1/100 s on every common build.
const TICKS_PER_SECOND = 100;

export interface Watched {
  // A short label for the tables: "server", "proxy", "generator".
  role: string;
  pid: number;
}

// CPU seconds (user + system) a process has used so far.
export function cpuSeconds(pid: number): number {
  if (pid === process.pid) {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces; fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

export interface CpuSample {
  at: number;
  seconds: Map<number, number>;
}

export const sampleCpu = (pids: readonly number[]): CpuSample => ({
  at: performance.now(),
  seconds: new Map(pids.map((pid) => [pid, cpuSeconds(pid)])),
});

// Percent of one core each process used between two samples (100 = one core saturated).
export function cpuPercent(from: CpuSample, to: CpuSample, watched: readonly Watched[]): Record<string, number> {
  const wall = (to.at - from.at) / 1000;
  const result: Record<string, number> = {};
  for (const { role, pid } of watched) {
    const used = (to.seconds.get(pid) ?? Number.NaN) - (from.seconds.get(pid) ?? Number.NaN);
    result[role] = wall > 0 ? (100 * used) / wall : Number.NaN;
  }
  return result;
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return -1;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

// The process listening on a TCP port of 127.0.0.1, found through the socket's inode.
function listenerOf(port: number, candidates: readonly number[]): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is ADDR:PORT; state 0A is LISTEN; the inode is the 10th column.
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === "0A" && cols[9]) inodes.add(cols[9]);
    }
  }
  for (const pid of candidates) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: "utf8" });
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode && inodes.has(inode)) return pid;
      }
    } catch {
      // Gone, or not ours to read.
    }
  }
  return undefined;
}

// wrangler runs the app in two workerd processes, children of this one: a proxy that owns
// the public port (and forwards every request and socket frame) and the runtime that runs
// the Worker and its Durable Objects. Tells them apart by who listens on the app's port.
export function findWorkerd(appPort: number): { runtime?: number; proxy?: number; all: number[] } {
  let all: number[] = [];
  try {
    all = readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((pid) => parentOf(pid) === process.pid && commandOf(pid) === "workerd");
  } catch {
    return { all };
  }
  const proxy = listenerOf(appPort, all);
  const others = all.filter((pid) => pid !== proxy);
  return { proxy, runtime: others.length === 1 ? others[0] : undefined, all };
}
