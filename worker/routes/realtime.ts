import { createRoute } from "@hono/zod-openapi";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { z } from "zod";
import { dataOf } from "../../schema/api";
import { Ticket } from "../../schema/rooms";
import { socketTickets } from "../../schema/tables";
import type { AppEnv } from "../env";
import { database } from "../lib/db";
import { accountDisabled, ApiError, forbidden, notFound, unauthorized } from "../lib/errors";
import { isAllowedOrigin } from "../lib/origins";
import { bearer, createRouter, errorResponses, json } from "../lib/router";
import { authenticateSession } from "../lib/sessions";
import { hashToken, randomToken } from "../lib/tokens";
import { requireAuth } from "../middleware/auth";
import { upgradeRequest } from "../room/identity";
import { findMembership } from "../rooms/membership";
import { inboxObject, roomObject } from "../rooms/objects";

export const TICKET_TTL_SECONDS = 60;

const SocketQuery = z.strictObject({
  ticket: z.string().min(1).max(128),
  batch: z.enum(["0", "1"]).optional().meta({ description: "1: several messages per frame ({\"type\":\"messages\"}) under load." }),
});

const ticketRoute = createRoute({
  method: "post", path: "/realtime/ticket", tags: ["Real time"], security: bearer, middleware: [requireAuth],
  summary: "A single-use ticket to open a socket within 60 seconds",
  responses: { 200: { description: "The ticket", content: json(dataOf(Ticket)) }, ...errorResponses(401, 403) },
});
const upgradeResponses = {
  101: { description: "Switching to the WebSocket protocol" },
  ...errorResponses(400, 401, 403, 404),
  426: { description: "Not a WebSocket upgrade", content: json(z.object({ error: z.object({ code: z.string(), message: z.string() }) })) },
};
const inboxSocketRoute = createRoute({
  method: "get", path: "/ws", tags: ["Real time"],
  summary: "Your inbox socket: room-list changes across all your rooms",
  request: { query: SocketQuery },
  responses: upgradeResponses,
});
const roomSocketRoute = createRoute({
  method: "get", path: "/rooms/{id}/ws", tags: ["Real time"],
  summary: "One room's live stream: send, sync, read, typing, edits, reactions, polls",
  request: { params: z.strictObject({ id: z.string().min(1).max(64) }), query: SocketQuery },
  responses: upgradeResponses,
});

// Checked before any upgrade: it is a socket request, from an allowed page (browsers always
// send Origin; other clients cannot be driven cross-site), with a ticket used once, for a
// session that is still live.
async function admit(c: Context<AppEnv>, ticket: string) {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError(426, "upgrade_required", "Open this URL as a WebSocket.", undefined, { Upgrade: "websocket" });
  }
  const origin = c.req.header("Origin");
  if (origin !== undefined && !isAllowedOrigin(origin, c.req.url, c.env.ALLOWED_ORIGINS)) {
    throw forbidden("Sockets are only opened from the app's own origin.");
  }
  const db = database(c.env.DB);
  const now = Date.now();
  const [claimed] = await db
    .update(socketTickets)
    .set({ usedAt: now })
    .where(and(eq(socketTickets.ticketHash, hashToken(ticket)), isNull(socketTickets.usedAt), gt(socketTickets.expiresAt, now)))
    .returning({ userId: socketTickets.userId, sessionId: socketTickets.sessionId });
  if (!claimed) throw unauthorized("The ticket is invalid, used or expired. Ask for a new one.");
  const auth = await authenticateSession(db, claimed.userId, claimed.sessionId);
  if (auth.kind === "disabled") throw accountDisabled();
  if (auth.kind === "invalid") throw unauthorized("This session has ended. Sign in again.");
  return auth;
}

export const realtimeRoutes = createRouter()
  .openapi(ticketRoute, async (c) => {
    const ticket = randomToken();
    await database(c.env.DB)
      .insert(socketTickets)
      .values({
        ticketHash: hashToken(ticket),
        userId: c.var.user.id,
        sessionId: c.var.session.id,
        expiresAt: Date.now() + TICKET_TTL_SECONDS * 1000,
      });
    return c.json({ data: { ticket, expires_in: TICKET_TTL_SECONDS } }, 200);
  })
  .openapi(inboxSocketRoute, async (c) => {
    const { user, session } = await admit(c, c.req.valid("query").ticket);
    return inboxObject(c.env, user.id).fetch(
      new Request(c.req.url, { headers: { Upgrade: "websocket", "X-Parley-User": user.id, "X-Parley-Session": session.id } }),
    ) as unknown as Response;
  })
  .openapi(roomSocketRoute, async (c) => {
    const query = c.req.valid("query");
    const { user, session } = await admit(c, query.ticket);
    const membership = await findMembership(database(c.env.DB), c.req.valid("param").id, user.id);
    if (!membership) throw notFound("room");
    const { room, member } = membership;
    const request = upgradeRequest(c.req.url, {
      userId: user.id,
      sessionId: session.id,
      role: member.role,
      roomId: room.id,
      kind: room.kind,
      batch: query.batch === "1",
    });
    return roomObject(c.env, room.id).fetch(request) as unknown as Response;
  });
