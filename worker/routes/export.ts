import { createRoute } from "@hono/zod-openapi";
import { DataExport } from "../../schema/export";
import { exportDocument } from "../lib/dataExport";
import { rateLimited } from "../lib/errors";
import { describeError, log } from "../lib/log";
import { bearer, createRouter, errorResponses } from "../lib/router";
import { HOUR } from "../lib/time";
import { requireAuth } from "../middleware/auth";

// Each export reads every room the person belongs to; a few an hour is plenty for a person.
export const EXPORT_LIMIT = 5;
export const EXPORT_WINDOW_MS = HOUR;

const exportRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["People"],
  summary: "Download your data",
  description: `A JSON file (Content-Disposition: attachment) with your profile, your device sessions, the rooms you belong to (role, joined time), the files you uploaded, and every message you sent in those rooms (text, kind, time, edited and deleted state), without other people's reactions or votes. Messages in rooms you have left are not included. It is streamed as it is read. At most ${EXPORT_LIMIT} an hour; more answer 429 with Retry-After.`,
  security: bearer,
  middleware: [requireAuth] as const,
  responses: {
    // Streamed, so the handler answers a plain Response; the body is {"data": DataExport}.
    200: { description: "Your data, as a file: `{\"data\": DataExport}` (see the DataExport schema)" },
    ...errorResponses(401, 403, 429),
  },
});

/** Pulls the next piece of the document only when the client has taken the last one. */
function streamOf(pieces: AsyncGenerator<string>, requestId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      try {
        const next = await pieces.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        // The status has been sent: the download ends unfinished, which the client sees.
        log("error", "export_failed", { request_id: requestId, ...describeError(error) });
        controller.error(error);
      }
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
}

const router = createRouter();
router.openAPIRegistry.register("DataExport", DataExport);

export const dataExport = router.openapi(exportRoute, async (c) => {
  const user = c.var.user;
  const limiter = c.env.LIMITER.get(c.env.LIMITER.idFromName(`export:${user.id}`));
  const wait = await limiter.take(EXPORT_LIMIT, EXPORT_WINDOW_MS);
  if (wait > 0) throw rateLimited(wait);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(streamOf(exportDocument(c.env, user, c.var.session.id), c.get("requestId")), {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="parley-${user.username}-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
});
