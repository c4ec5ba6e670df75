// Fails when the Worker bundle that `wrangler deploy --dry-run --outdir dist/worker` wrote
// is larger, gzipped, than the budget: it is what every cold start parses, and Cloudflare
// refuses Workers above 3 MiB gzip (10 MiB on paid plans). docs/operations.md says why
// this number. Run with the project's Node: `node scripts/bundle-budget.ts [outdir]`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KIB = 250;

const outdir = process.argv[2] ?? "dist/worker";
// What is uploaded: the modules, not the source maps or wrangler's README.
const modules = existsSync(outdir) ? readdirSync(outdir).filter((name) => /\.(m?js|wasm)$/.test(name)) : [];
if (modules.length === 0) {
  console.error(`No Worker modules in ${outdir}: run \`wrangler deploy --dry-run --outdir ${outdir}\` first.`);
  process.exit(1);
}

let bytes = 0;
let gzipped = 0;
for (const name of modules) {
  const content = readFileSync(join(outdir, name));
  bytes += content.length;
  gzipped += gzipSync(content).length;
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const verdict = gzipped <= BUDGET_KIB * 1024 ? "within" : "OVER";
console.log(`Worker bundle: ${kib(bytes)}, ${kib(gzipped)} gzip, ${verdict} the budget of ${BUDGET_KIB} KiB gzip.`);
if (verdict === "OVER") process.exit(1);
