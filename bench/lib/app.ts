import { fileURLToPath } from "node:url";
import { createTestHarness } from "wrangler";
import { startApp, type AppOptions, type RunningApp } from "../../tests/support/server.ts";

// Runs `use` against a fresh instance of the whole app (Worker, Durable Objects, D1, the
// built PWA) listening on 127.0.0.1, the same one the end-to-end tests use, and always
// shuts it down. `options.vars` overrides wrangler.toml [vars] for this instance.
export async function withApp<T>(use: (app: RunningApp) => Promise<T>, options: AppOptions = {}): Promise<T> {
  const app = await startApp(options);
  try {
    return await use(app);
  } finally {
    await app.close();
  }
}

// The same for a bench-only Worker (its wrangler.toml given relative to bench/): for
// measuring something inside workerd without the app around it. Resolves with its origin.
export async function withWorker<T>(config: string, use: (origin: string) => Promise<T>): Promise<T> {
  // As startApp does: without network, Miniflare's download of `Request.cf` data fails
  // noisily and delays start-up; its placeholder is all a benchmark needs.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  process.env.WRANGLER_SEND_METRICS = "false";
  const harness = createTestHarness({ workers: [{ configPath: fileURLToPath(new URL(`../${config}`, import.meta.url)) }] });
  try {
    const { url } = await harness.listen();
    return await use(url.origin);
  } finally {
    await harness.close();
  }
}
