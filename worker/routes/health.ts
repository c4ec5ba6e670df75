import { createRoute } from "@hono/zod-openapi";
import { dataOf, Health } from "../../schema/api";
import { version } from "../../package.json";
import { describeError, log } from "../lib/log";
import { createRouter, json } from "../lib/router";

// A check that does not answer within this long counts as failed, so a stuck dependency
// makes the health check say so instead of hanging with it.
const CHECK_TIMEOUT_MS = 5_000;
// One fixed limiter object: a call to it is a full Worker-to-Durable-Object round trip.
const PROBE_OBJECT = "health:probe";

const healthRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["Operations"],
  summary: "Whether the database, file storage and Durable Objects answer",
  description:
    "Runs one cheap call against each dependency, at once: `d1` (a query), `r2` (a metadata read) and `durable_object` (a call to a Durable Object and back), each with whether it answered and how long it took in milliseconds. 200 when all answered, 503 when any did not (its `ok` is false). No sign-in needed; why a check failed is only logged.",
  responses: {
    200: { description: "Everything answers", content: json(dataOf(Health)) },
    503: { description: "Something does not answer", content: json(dataOf(Health)) },
  },
});

function withinTimeout(work: Promise<unknown>): Promise<unknown> {
  let cancel = () => {};
  const timeout = new Promise<never>((_, reject) => {
    const timer = setTimeout(() => reject(new Error(`No answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    cancel = () => clearTimeout(timer);
  });
  return Promise.race([work, timeout]).finally(cancel);
}

async function timed(name: string, requestId: string, probe: () => Promise<unknown>) {
  const started = performance.now();
  let ok = true;
  try {
    await withinTimeout(probe());
  } catch (error) {
    ok = false;
    log("error", "health_check_failed", { request_id: requestId, check: name, ...describeError(error) });
  }
  return { ok, ms: Math.round((performance.now() - started) * 100) / 100 };
}

export const health = createRouter().openapi(healthRoute, async (c) => {
  const requestId = c.get("requestId");
  const [d1, r2, durableObject] = await Promise.all([
    timed("d1", requestId, () => c.env.DB.prepare("SELECT 1").first()),
    timed("r2", requestId, () => c.env.FILES.head("health-probe")),
    timed("durable_object", requestId, () => c.env.LIMITER.get(c.env.LIMITER.idFromName(PROBE_OBJECT)).ping()),
  ]);
  const ok = d1.ok && r2.ok && durableObject.ok;
  const body = { status: ok ? ("ok" as const) : ("degraded" as const), version, checks: { d1, r2, durable_object: durableObject } };
  c.header("Cache-Control", "no-store");
  return ok ? c.json({ data: body }, 200) : c.json({ data: body }, 503);
});
