import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { Report, ReportBody } from "../../schema/admin";
import { dataOf, IdParam } from "../../schema/api";
import { fileReport, REPORTS_PER_HOUR } from "../admin/reports";
import { bearer, createRouter, errorResponses, json } from "../lib/router";
import { requireAuth } from "../middleware/auth";
import { requireMember } from "../middleware/roomAccess";

const SeqParam = IdParam.extend({ seq: z.coerce.number().int().min(1) });
const reportAnswer = (description: string) => ({ description, content: json(dataOf(Report)) });

const reportRoute = createRoute({
  method: "post",
  path: "/{id}/messages/{seq}/report",
  tags: ["Messages"],
  summary: "Report a message to the administrators",
  description:
    `Any member, about someone else's message. Reporting the same message again answers 200 with the first report. At most ${REPORTS_PER_HOUR} reports an hour per person.`,
  security: bearer,
  middleware: [requireAuth, requireMember] as const,
  request: { params: SeqParam, body: { content: json(ReportBody), required: true } },
  responses: {
    200: reportAnswer("Already reported: your first report"),
    201: reportAnswer("Reported"),
    ...errorResponses(400, 401, 403, 404, 409, 415, 429),
  },
});

export const reportRoutes = createRouter().openapi(reportRoute, async (c) => {
  const { report, created } = await fileReport(c.env, c.var.membership, c.req.valid("param").seq, c.req.valid("json"));
  return created ? c.json({ data: report }, 201) : c.json({ data: report }, 200);
});
