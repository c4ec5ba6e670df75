import { createRoute } from "@hono/zod-openapi";
import { base64url } from "jose";
import { z } from "zod";
import { dataOf } from "../../schema/api";
import { PushSubscription, PushSubscriptionBody, PushUnsubscribeBody, VapidPublicKey } from "../../schema/push";
import { database } from "../lib/db";
import { ApiError, invalidRequest, notFound } from "../lib/errors";
import { bearer, createRouter, errorResponses, json } from "../lib/router";
import { iso } from "../lib/time";
import { requireAuth } from "../middleware/auth";
import { importReceiverKey } from "../push/encrypt";
import { endpointProblem } from "../push/endpoint";
import { deleteSubscription, saveSubscription } from "../push/subscriptions";
import { vapidFrom, type PushEnv } from "../push/vapid";

const pushUnavailable = () =>
  new ApiError(503, "push_unavailable", "Push notifications are not set up on this server (no VAPID keys configured).");

async function requireVapid(env: PushEnv) {
  const vapid = await vapidFrom(env);
  if (!vapid) throw pushUnavailable();
  return vapid;
}

const publicKeyRoute = createRoute({
  method: "get",
  path: "/vapid-public-key",
  tags: ["Push"],
  summary: "The server's VAPID public key, for PushManager.subscribe",
  responses: {
    200: { description: "The key", content: json(dataOf(VapidPublicKey)) },
    ...errorResponses(503),
  },
});

const subscribeRoute = createRoute({
  method: "post",
  path: "/subscriptions",
  tags: ["Push"],
  summary: "Subscribe this device to push notifications",
  description:
    "The body is PushSubscription.toJSON(), optionally with the device's language. A device session holds one subscription: subscribing again replaces it. It ends when the session is signed out or revoked, or when the push service says it is gone.",
  security: bearer,
  middleware: [requireAuth] as const,
  request: { body: { content: json(PushSubscriptionBody), required: true } },
  responses: {
    200: { description: "Already subscribed; keys and language updated", content: json(dataOf(PushSubscription)) },
    201: { description: "Subscribed", content: json(dataOf(PushSubscription)) },
    ...errorResponses(400, 401, 403, 413, 415, 503),
  },
});

const unsubscribeRoute = createRoute({
  method: "delete",
  path: "/subscriptions",
  tags: ["Push"],
  summary: "Unsubscribe a device of yours, named by its endpoint",
  security: bearer,
  middleware: [requireAuth] as const,
  request: { body: { content: json(PushUnsubscribeBody), required: true } },
  responses: {
    200: { description: "Unsubscribed", content: json(dataOf(z.null())) },
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

export const pushRoutes = createRouter()
  .openapi(publicKeyRoute, async (c) => {
    const vapid = await requireVapid(c.env);
    c.header("Cache-Control", "no-cache");
    return c.json({ data: { key: vapid.publicKey } }, 200);
  })
  .openapi(subscribeRoute, async (c) => {
    await requireVapid(c.env);
    const body = c.req.valid("json");
    const problem = endpointProblem(body.endpoint, c.env);
    if (problem) throw invalidRequest(`endpoint: ${problem}`, [{ field: "endpoint", message: problem }]);
    const p256dh = new Uint8Array(base64url.decode(body.keys.p256dh));
    if (p256dh[0] !== 0x04 || !(await importReceiverKey(p256dh).then(() => true, () => false))) {
      const message = "must be an uncompressed point on P-256";
      throw invalidRequest(`keys.p256dh: ${message}`, [{ field: "keys.p256dh", message }]);
    }
    const { row, created } = await saveSubscription(database(c.env.DB), {
      endpoint: body.endpoint,
      p256dh: body.keys.p256dh,
      auth: body.keys.auth,
      lang: body.lang ?? "en",
      userId: c.var.user.id,
      sessionId: c.var.session.id,
    });
    const data = { endpoint: row.endpoint, lang: row.lang, created_at: iso(row.createdAt) };
    return created ? c.json({ data }, 201) : c.json({ data }, 200);
  })
  .openapi(unsubscribeRoute, async (c) => {
    const { endpoint } = c.req.valid("json");
    if (!(await deleteSubscription(database(c.env.DB), c.var.user.id, endpoint))) throw notFound("subscription");
    return c.json({ data: null }, 200);
  });
