import { finishAccountDeletions } from "./lib/accountDeletion";
import { database } from "./lib/db";
import { describeError, log } from "./lib/log";
import { purgeExpired } from "./lib/sessions";
import { purgeUnpostedUploads } from "./uploads/files";

// Rate-limit state needs no step here: each RateLimiter object sets an alarm when it records
// a failure and deletes its own storage once the window has passed (worker/limiter/).

type Counts = Record<string, number>;

// A step that fails is logged and the others still run; each is bounded per run and leaves
// the rest for the next, so running again is always safe.
async function step(name: string, work: () => Promise<number | Counts>): Promise<Counts> {
  try {
    const result = await work();
    return typeof result === "number" ? { [name]: result } : result;
  } catch (error) {
    log("error", "maintenance_step_failed", { step: name, ...describeError(error) });
    return {};
  }
}

// The cron trigger's work: idempotent, bounded per run, and reported as one JSON line.
export async function runMaintenance(env: Env, now = Date.now()): Promise<Counts> {
  const db = database(env.DB);
  const report = {
    ...(await step("expired", async () => ({ ...(await purgeExpired(db, now)) }))),
    ...(await step("departures", () => finishAccountDeletions(env))),
    ...(await step("uploads", () => purgeUnpostedUploads(db, env.FILES, now))),
  };
  log("info", "maintenance", report);
  return report;
}
