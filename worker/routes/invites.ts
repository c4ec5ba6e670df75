import { createRoute } from "@hono/zod-openapi";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { dataOf, IdParam } from "../../schema/api";
import { CreateInviteBody, Invite, INVITE_DEFAULT_SECONDS, InvitePreview, Room } from "../../schema/rooms";
import { invites, memberships, rooms } from "../../schema/tables";
import { database } from "../lib/db";
import { forbidden, invalidRequest, notFound } from "../lib/errors";
import { bearer, createRouter, errorResponses, json } from "../lib/router";
import { iso } from "../lib/time";
import { hashToken, randomToken } from "../lib/tokens";
import { requireAuth } from "../middleware/auth";
import { requireMember } from "../middleware/roomAccess";
import { announce, refreshInboxes } from "../rooms/events";
import { addMember, findMembership } from "../rooms/membership";
import { roomObject } from "../rooms/objects";
import { roomForMember } from "../rooms/roomList";

const TokenParam = z.strictObject({ token: z.string().min(16).max(64) });

const createInviteRoute = createRoute({
  method: "post", path: "/rooms/{id}/invites", tags: ["Invites"], security: bearer, middleware: [requireAuth, requireMember],
  summary: "Create an invite link (owner, admins)",
  description: "Expires after expires_in_seconds (default 7 days, at most 30) and after max_uses joins (default unlimited).",
  request: { params: IdParam, body: { content: json(CreateInviteBody), required: true } },
  responses: { 201: { description: "The invite", content: json(dataOf(Invite)) }, ...errorResponses(400, 401, 403, 404, 415) },
});
const previewRoute = createRoute({
  method: "get", path: "/invites/{token}", tags: ["Invites"],
  summary: "What an invite link leads to; no account needed",
  request: { params: TokenParam },
  responses: { 200: { description: "The room's preview", content: json(dataOf(InvitePreview)) }, ...errorResponses(400, 404) },
});
const joinRoute = createRoute({
  method: "post", path: "/invites/{token}/join", tags: ["Invites"], security: bearer, middleware: [requireAuth],
  summary: "Join a room with an invite link",
  request: { params: TokenParam },
  responses: { 200: { description: "The room you joined", content: json(dataOf(Room)) }, ...errorResponses(400, 401, 403, 404) },
});

// An invite counts while it is unexpired, not used up, and its room is not archived.
const usable = (now: number) =>
  and(gt(invites.expiresAt, now), or(isNull(invites.maxUses), sql`${invites.uses} < ${invites.maxUses}`), isNull(rooms.archivedAt));

export const inviteRoutes = createRouter()
  .openapi(createInviteRoute, async (c) => {
    const body = c.req.valid("json");
    const { room, member } = c.var.membership;
    if (room.kind === "direct") throw invalidRequest("A direct room has no invite links.");
    if (member.role === "member") throw forbidden("Only the owner and admins create invite links.");
    const token = randomToken(16);
    const now = Date.now();
    const expiresAt = now + (body.expires_in_seconds ?? INVITE_DEFAULT_SECONDS) * 1000;
    const maxUses = body.max_uses ?? null;
    await database(c.env.DB)
      .insert(invites)
      .values({ tokenHash: hashToken(token), roomId: room.id, createdBy: member.userId, createdAt: now, expiresAt, maxUses });
    const url = `${new URL(c.req.url).origin}/join/${token}`;
    return c.json({ data: { token, url, expires_at: iso(expiresAt), max_uses: maxUses } }, 201);
  })
  .openapi(previewRoute, async (c) => {
    const row = await database(c.env.DB)
      .select({ id: rooms.id, kind: rooms.kind, title: rooms.title, members: sql<number>`(SELECT count(*) FROM ${memberships} WHERE ${memberships.roomId} = ${rooms.id})` })
      .from(invites)
      .innerJoin(rooms, eq(rooms.id, invites.roomId))
      .where(and(eq(invites.tokenHash, hashToken(c.req.valid("param").token)), usable(Date.now())))
      .get();
    if (!row || row.kind === "direct") throw notFound("invite");
    return c.json({ data: { room: { id: row.id, kind: row.kind, title: row.title, member_count: row.members } } }, 200);
  })
  .openapi(joinRoute, async (c) => {
    const db = database(c.env.DB);
    const tokenHash = hashToken(c.req.valid("param").token);
    const invite = await db
      .select({ roomId: invites.roomId, kind: rooms.kind })
      .from(invites)
      .innerJoin(rooms, eq(rooms.id, invites.roomId))
      .where(and(eq(invites.tokenHash, tokenHash), usable(Date.now())))
      .get();
    if (!invite) throw notFound("invite");
    const me = c.var.user.id;
    if (!(await findMembership(db, invite.roomId, me))) {
      // The use is claimed by a conditional update, so a link with one use left admits one person.
      const claimed = await db.run(
        sql`UPDATE invites SET uses = uses + 1 WHERE token_hash = ${tokenHash} AND expires_at > ${Date.now()} AND (max_uses IS NULL OR uses < max_uses)`,
      );
      if (claimed.meta.changes !== 1) {
        // Used up, unless the last use went to this person's own request racing this one.
        if (!(await findMembership(db, invite.roomId, me))) throw notFound("invite");
      } else if (await addMember(db, invite.roomId, me, "member")) {
        const ref = { roomId: invite.roomId, kind: invite.kind };
        await roomObject(c.env, invite.roomId).memberChanged(ref, me, "member");
        await announce(c.env, ref, "member_joined", me, me);
        c.executionCtx.waitUntil(refreshInboxes(c.env, invite.roomId, [me]));
      } else {
        // A concurrent request of the same person joined first: this one takes no use.
        await db.run(sql`UPDATE invites SET uses = uses - 1 WHERE token_hash = ${tokenHash} AND uses > 0`);
      }
    }
    const room = await roomForMember(c.env.DB, me, invite.roomId);
    if (!room) throw notFound("invite");
    return c.json({ data: room }, 200);
  });
