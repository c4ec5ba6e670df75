import { hashPassword } from "../../worker/lib/password.ts";
import { runLoad } from "../lib/load.ts";

// The app's password hash in a loop on one thread, in a Node process of its own: in the
// bench process, next to wrangler and Miniflare and their heap, the same loop ran 5–20%
// slower in paired runs, which is not the hash's cost.
// Input: argv[2] = {"durationMs", "warmupMs"} as JSON. Output: a LoadResult as JSON.
const { durationMs, warmupMs } = JSON.parse(process.argv[2] ?? "{}") as { durationMs: number; warmupMs: number };
const result = await runLoad({ concurrency: 1, durationMs, warmupMs, task: () => hashPassword("Bench-Passw0rd") });
process.stdout.write(JSON.stringify(result));
