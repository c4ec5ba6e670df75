import { createTestHarness, type TestHarness } from "wrangler";
import { devVars } from "./devVars.ts";

export interface RunningApp {
  url: string;
  harness: TestHarness;
  close: () => Promise<void>;
}

// The whole app (Worker, Durable Objects, D1, R2 and the built PWA) in this process,
// on a real port, with an empty instance each time.
export interface AppOptions {
  // Overrides of wrangler.toml [vars] for this instance (e.g. a benchmark's socket rate).
  vars?: Record<string, string>;
}

export async function startApp(options: AppOptions = {}): Promise<RunningApp> {
  // No network here: wrangler must not try to download Request.cf data.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  process.env.WRANGLER_SEND_METRICS = "false";
  const { TOKEN_SECRET, ...vars } = devVars();
  const harness = createTestHarness({
    workers: [{ configPath: "./wrangler.toml", vars: { ...vars, ...options.vars }, secrets: { TOKEN_SECRET: TOKEN_SECRET! } }],
  });
  const { url } = await harness.listen();
  await harness.getWorker().applyD1Migrations("DB");
  return { url: url.origin, harness, close: () => harness.close() };
}
