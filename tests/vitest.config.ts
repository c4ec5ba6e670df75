import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { devVars } from "./support/devVars.ts";

const root = new URL("..", import.meta.url).pathname;
const vars = devVars();
// wrangler reads required secrets from the environment when it loads the config.
process.env.TOKEN_SECRET ??= vars.TOKEN_SECRET;

export default defineConfig({
  root,
  test: {
    reporters: ["default", "./tests/support/reporter.ts"],
    // The Worker logs a line per request (worker/lib/log.ts); tests that read those lines
    // spy on the console, and elsewhere they would bury the output that matters.
    onConsoleLog: (line) => (line.includes('"event":"request"') ? false : undefined),
    projects: [
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                ...vars,
                TEST_MIGRATIONS: await readD1Migrations(`${root}/migrations`),
              },
            },
          })),
        ],
        test: {
          name: "worker",
          root,
          include: ["tests/worker/**/*.test.ts"],
          setupFiles: ["tests/worker/setup.ts"],
        },
      },
      {
        test: {
          name: "e2e",
          root,
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "browser",
          root,
          include: ["tests/browser/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
