import { database } from "./lib/db";
import { purgeExpired } from "./lib/sessions";

// The cron trigger's work: idempotent, bounded per run, and reported as one JSON line.
export async function runMaintenance(env: Env, now = Date.now()) {
  const purged = await purgeExpired(database(env.DB), now);
  console.info(JSON.stringify({ event: "maintenance", ...purged }));
  return purged;
}
