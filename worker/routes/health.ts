import { createRoute } from "@hono/zod-openapi";
import { dataOf, Health } from "../../schema/api";
import { version } from "../../package.json";
import { createRouter, json } from "../lib/router";

const healthRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["Operations"],
  summary: "Whether the database and file storage answer",
  responses: {
    200: { description: "Everything answers", content: json(dataOf(Health)) },
    503: { description: "Something does not answer", content: json(dataOf(Health)) },
  },
});

async function timed(probe: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await probe();
    return { ok: true, ms: Math.round((performance.now() - started) * 100) / 100 };
  } catch {
    return { ok: false, ms: Math.round((performance.now() - started) * 100) / 100 };
  }
}

export const health = createRouter().openapi(healthRoute, async (c) => {
  const [d1, r2] = await Promise.all([
    timed(() => c.env.DB.prepare("SELECT 1").first()),
    timed(() => c.env.FILES.head("health-probe")),
  ]);
  const ok = d1.ok && r2.ok;
  const body = { status: ok ? ("ok" as const) : ("degraded" as const), version, checks: { d1, r2 } };
  c.header("Cache-Control", "no-store");
  return ok ? c.json({ data: body }, 200) : c.json({ data: body }, 503);
});
