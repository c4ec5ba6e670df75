import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface FloorProcess {
  origin: string;
  pid: number;
  close: () => Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 3_000;

// Starts `floorServer.ts` in a Node process of its own (same Node, same type stripping)
// and resolves once it listens. Its stdin is a pipe from us: if this process dies, the
// floor sees end-of-file and exits, so it never outlives the run.
export async function startFloor(): Promise<FloorProcess> {
  const script = fileURLToPath(new URL("floorServer.ts", import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ["pipe", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the floor server did not start in time")), START_TIMEOUT_MS);
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`the floor server exited with ${code} before listening`)));
      createInterface({ input: child.stdout! }).once("line", (line) => {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      });
    });
    return { origin: `ws://127.0.0.1:${port}`, pid: child.pid!, close: () => stop(child) };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.stdin?.end();
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
