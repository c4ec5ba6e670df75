import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { z } from "zod";
import { dataOf, IdParam } from "../../schema/api";
import {
  AddMemberBody,
  CreateRoomBody,
  DirectRoomBody,
  Member,
  PatchRoomBody,
  Room,
  RoomDetail,
  RoomSettingsBody,
} from "../../schema/rooms";
import { memberships, rooms, users } from "../../schema/tables";
import type { AppEnv } from "../env";
import { database } from "../lib/db";
import { conflict, forbidden, invalidRequest, notFound } from "../lib/errors";
import { bearer, createRouter, errorResponses, json } from "../lib/router";
import { iso } from "../lib/time";
import { toApiUser } from "../lib/users";
import { requireAuth } from "../middleware/auth";
import { requireMember } from "../middleware/roomAccess";
import { endMembership } from "../rooms/departure";
import { announce, refreshInboxes } from "../rooms/events";
import {
  activeUsers,
  addMember,
  createRoom,
  findMembership,
  openDirectRoom,
} from "../rooms/membership";
import { roomObject } from "../rooms/objects";
import { claimPicture, dropPicture } from "../uploads/files";
import { roomForMember, listRooms } from "../rooms/roomList";

const MemberParam = z.strictObject({ id: z.string().min(1).max(64), user_id: z.string().min(1).max(64) });
const Ok = dataOf(z.null());
const auth = { security: bearer, middleware: [requireAuth] };
const member = { security: bearer, middleware: [requireAuth, requireMember] };

const route = createRoute;
const createRoomRoute = route({
  method: "post", path: "/", tags: ["Rooms"], summary: "Create a group or a channel", ...auth,
  description: "The caller becomes its owner; member_ids join as members. In a channel only the owner and admins post.",
  request: { body: { content: json(CreateRoomBody), required: true } },
  responses: { 201: { description: "The room", content: json(dataOf(Room)) }, ...errorResponses(400, 401, 403, 413, 415) },
});
const directRoute = route({
  method: "post", path: "/direct", tags: ["Rooms"], summary: "Open the direct room with a person", ...auth,
  description: "Exactly one direct room exists per pair, whoever opens it first: 201 when this call created it, 200 when it existed.",
  request: { body: { content: json(DirectRoomBody), required: true } },
  responses: {
    200: { description: "The existing room", content: json(dataOf(Room)) },
    201: { description: "The new room", content: json(dataOf(Room)) },
    ...errorResponses(400, 401, 403, 404, 415),
  },
});
const listRoute = route({
  method: "get", path: "/", tags: ["Rooms"], summary: "Your rooms, most recent activity first", ...auth,
  responses: { 200: { description: "Rooms with unread counts", content: json(dataOf(z.array(Room))) }, ...errorResponses(401, 403) },
});
const getRoute = route({
  method: "get", path: "/{id}", tags: ["Rooms"], summary: "One room with its members", ...member,
  request: { params: IdParam },
  responses: { 200: { description: "The room", content: json(dataOf(RoomDetail)) }, ...errorResponses(401, 403, 404) },
});
const patchRoute = route({
  method: "patch", path: "/{id}", tags: ["Rooms"], summary: "Change a room's title or description (owner, admins)", ...member,
  request: { params: IdParam, body: { content: json(PatchRoomBody), required: true } },
  responses: { 200: { description: "The room", content: json(dataOf(Room)) }, ...errorResponses(400, 401, 403, 404, 415) },
});
const addMemberRoute = route({
  method: "post", path: "/{id}/members", tags: ["Rooms"], summary: "Add a member (owner, admins)", ...member,
  description: "Only the owner adds admins.",
  request: { params: IdParam, body: { content: json(AddMemberBody), required: true } },
  responses: { 201: { description: "The new member", content: json(dataOf(Member)) }, ...errorResponses(400, 401, 403, 404, 409, 415) },
});
const removeMemberRoute = route({
  method: "delete", path: "/{id}/members/{user_id}", tags: ["Rooms"], summary: "Remove a member, or leave", ...member,
  description:
    "Owner and admins remove members (admins only plain members); anyone removes themself, which is leaving. When the owner leaves, ownership passes to the longest-standing admin, else the longest-standing member; the last member leaving archives the room.",
  request: { params: MemberParam },
  responses: { 200: { description: "Removed", content: json(Ok) }, ...errorResponses(400, 401, 403, 404) },
});
const settingsRoute = route({
  method: "put", path: "/{id}/settings", tags: ["Rooms"], summary: "Your own settings for a room: favorite, mute", ...member,
  request: { params: IdParam, body: { content: json(RoomSettingsBody), required: true } },
  responses: { 200: { description: "The room", content: json(dataOf(Room)) }, ...errorResponses(400, 401, 403, 404, 415) },
});

const isManager = (role: string) => role === "owner" || role === "admin";

async function roomFor(c: Context<AppEnv>, roomId: string) {
  const room = await roomForMember(c.env.DB, c.var.user.id, roomId);
  if (!room) throw notFound("room");
  return room;
}

export const roomRoutes = createRouter()
  .openapi(createRoomRoute, async (c) => {
    const body = c.req.valid("json");
    const db = database(c.env.DB);
    const wanted = [...new Set(body.member_ids ?? [])].filter((id) => id !== c.var.user.id);
    const found = await activeUsers(db, wanted);
    if (found.length !== wanted.length) {
      const missing = wanted.filter((id) => !found.some((u) => u.id === id));
      throw invalidRequest(`member_ids: no such user: ${missing.join(", ")}`, [{ field: "member_ids", message: `no such user: ${missing.join(", ")}` }]);
    }
    const roomId = await createRoom(db, {
      kind: body.kind,
      title: body.title,
      description: body.description ?? "",
      ownerId: c.var.user.id,
      memberIds: wanted,
    });
    const ref = { roomId, kind: body.kind };
    await announce(c.env, ref, "room_created", c.var.user.id, null, body.title);
    c.executionCtx.waitUntil(refreshInboxes(c.env, roomId, [c.var.user.id, ...wanted]));
    return c.json({ data: await roomFor(c, roomId) }, 201);
  })
  .openapi(directRoute, async (c) => {
    const { user_id } = c.req.valid("json");
    if (user_id === c.var.user.id) throw invalidRequest("user_id: cannot be yourself", [{ field: "user_id", message: "cannot be yourself" }]);
    const db = database(c.env.DB);
    if ((await activeUsers(db, [user_id])).length === 0) throw notFound("user");
    const { roomId, created } = await openDirectRoom(c.env.DB, c.var.user.id, user_id);
    c.executionCtx.waitUntil(refreshInboxes(c.env, roomId, [c.var.user.id, user_id]));
    const room = await roomFor(c, roomId);
    return created ? c.json({ data: room }, 201) : c.json({ data: room }, 200);
  })
  .openapi(listRoute, async (c) => c.json({ data: await listRooms(c.env.DB, c.var.user.id) }, 200))
  .openapi(getRoute, async (c) => {
    const { room } = c.var.membership;
    const db = database(c.env.DB);
    const rows = await db
      .select({ user: users, role: memberships.role, joinedAt: memberships.joinedAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.roomId, room.id))
      .orderBy(memberships.joinedAt)
      .all();
    const members = rows.map((row) => ({ user: toApiUser(row.user), role: row.role, joined_at: iso(row.joinedAt) }));
    return c.json({ data: { ...(await roomFor(c, room.id)), members } }, 200);
  })
  .openapi(patchRoute, async (c) => {
    const body = c.req.valid("json");
    const { room, member: me } = c.var.membership;
    if (room.kind === "direct") throw invalidRequest("A direct room has no title, description or picture to change.");
    if (!isManager(me.role)) throw forbidden("Only the owner and admins change the room's details.");
    const db = database(c.env.DB);
    if (typeof body.avatar_upload_id === "string" && body.avatar_upload_id !== room.avatarUploadId) {
      const claim = await claimPicture(db, body.avatar_upload_id, me.userId, room.id);
      if (!claim.ok) throw invalidRequest(`avatar_upload_id: ${claim.message}`, [{ field: "avatar_upload_id", message: claim.message }]);
    }
    await db
      .update(rooms)
      .set({
        ...(body.title !== undefined && { title: body.title }),
        ...(body.description !== undefined && { description: body.description }),
        ...(body.avatar_upload_id !== undefined && { avatarUploadId: body.avatar_upload_id }),
      })
      .where(eq(rooms.id, room.id));
    c.executionCtx.waitUntil(dropPicture(db, c.env.FILES, room.avatarUploadId, body.avatar_upload_id));
    const ref = { roomId: room.id, kind: room.kind };
    if (body.title !== undefined && body.title !== room.title) await announce(c.env, ref, "room_renamed", me.userId, null, body.title);
    if (body.description !== undefined && body.description !== room.description) {
      await announce(c.env, ref, "description_changed", me.userId);
    }
    return c.json({ data: await roomFor(c, room.id) }, 200);
  })
  .openapi(addMemberRoute, async (c) => {
    const body = c.req.valid("json");
    const { room, member: me } = c.var.membership;
    if (room.kind === "direct") throw invalidRequest("A direct room is for two people; create a group instead.");
    if (!isManager(me.role)) throw forbidden("Only the owner and admins add members.");
    const role = body.role ?? "member";
    if (role === "admin" && me.role !== "owner") throw forbidden("Only the owner adds admins.");
    const db = database(c.env.DB);
    const [target] = await activeUsers(db, [body.user_id]);
    if (!target) throw notFound("user");
    if (!(await addMember(db, room.id, target.id, role))) {
      throw conflict("That person is already a member.");
    }
    const ref = { roomId: room.id, kind: room.kind };
    await roomObject(c.env, room.id).memberChanged(ref, target.id, role);
    await announce(c.env, ref, "member_added", me.userId, target.id);
    c.executionCtx.waitUntil(refreshInboxes(c.env, room.id, [target.id]));
    const joined = (await findMembership(db, room.id, target.id))!.member;
    return c.json({ data: { user: toApiUser(target), role: joined.role, joined_at: iso(joined.joinedAt) } }, 201);
  })
  .openapi(removeMemberRoute, async (c) => {
    const { user_id } = c.req.valid("param");
    const { room, member: me } = c.var.membership;
    const db = database(c.env.DB);
    const leaving = user_id === me.userId;
    const target = leaving ? c.var.membership : await findMembership(db, room.id, user_id);
    if (!target) throw notFound("member");
    if (!leaving) {
      if (room.kind === "direct") throw invalidRequest("Nobody can be removed from a direct room; leave it instead.");
      if (!isManager(me.role)) throw forbidden("Only the owner and admins remove members.");
      if (me.role === "admin" && target.member.role !== "member") throw forbidden("Admins remove only members.");
    }
    await endMembership(c.env, target, me.userId);
    return c.json({ data: null }, 200);
  })
  .openapi(settingsRoute, async (c) => {
    const body = c.req.valid("json");
    const { room, member: me } = c.var.membership;
    await database(c.env.DB)
      .update(memberships)
      .set({
        ...(body.favorite !== undefined && { favorite: body.favorite }),
        ...(body.muted_until !== undefined && { mutedUntil: body.muted_until === null ? null : Date.parse(body.muted_until) }),
      })
      .where(and(eq(memberships.roomId, room.id), eq(memberships.userId, me.userId)));
    c.executionCtx.waitUntil(refreshInboxes(c.env, room.id, [me.userId]));
    return c.json({ data: await roomFor(c, room.id) }, 200);
  });
