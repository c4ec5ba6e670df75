import { finishAccountDeletions } from "./lib/accountDeletion";
import { database } from "./lib/db";
import { purgeExpired } from "./lib/sessions";
import { purgeUnpostedUploads } from "./uploads/files";

// The cron trigger's work: idempotent, bounded per run, and reported as one JSON line.
export async function runMaintenance(env: Env, now = Date.now()) {
  const purged = await purgeExpired(database(env.DB), now);
  const departures = await finishAccountDeletions(env);
  const uploads = await purgeUnpostedUploads(database(env.DB), env.FILES, now);
  const report = { ...purged, departures, uploads };
  console.info(JSON.stringify({ event: "maintenance", ...report }));
  return report;
}
