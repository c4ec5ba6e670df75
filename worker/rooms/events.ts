import { inArray } from "drizzle-orm";
import type { Message, SystemAction, SystemEvent } from "../../schema/messages";
import { users } from "../../schema/tables";
import { database } from "../lib/db";
import { DELETED_USER_NAME } from "../lib/users";
import type { RoomRef } from "../room/identity";
import { inboxObject, roomObject } from "./objects";
import { userRoomIds } from "./membership";

const quoted = (value: string | null) => `“${value ?? ""}”`;

// An English rendering for clients that do not render `system` themselves.
const RENDER: Record<SystemAction, (actor: string, user: string, value: string | null) => string> = {
  room_created: (actor, _user, value) => `${actor} created ${quoted(value)}`,
  member_added: (actor, user) => `${actor} added ${user}`,
  member_removed: (actor, user) => `${actor} removed ${user}`,
  member_left: (_actor, user) => `${user} left`,
  member_joined: (_actor, user) => `${user} joined with an invite link`,
  owner_changed: (_actor, user) => `${user} is now the owner`,
  role_changed: (actor, user, value) => `${actor} made ${user} ${value === "admin" ? "an admin" : "a member"}`,
  room_renamed: (actor, _user, value) => `${actor} renamed the room to ${quoted(value)}`,
  description_changed: (actor) => `${actor} changed the description`,
};

/** Posts a membership or details change into the room as a `system` message. */
export async function announce(
  env: Env,
  ref: RoomRef,
  action: SystemAction,
  actorId: string | null,
  userId: string | null = null,
  value: string | null = null,
): Promise<Message> {
  const ids = [actorId, userId].filter((id): id is string => id !== null);
  const names = new Map(
    (ids.length ? await database(env.DB).select({ id: users.id, name: users.displayName, status: users.status }).from(users).where(inArray(users.id, ids)).all() : []).map(
      (u) => [u.id, u.status === "deleted" ? DELETED_USER_NAME : u.name],
    ),
  );
  const name = (id: string | null) => (id ? (names.get(id) ?? DELETED_USER_NAME) : "");
  const event: SystemEvent = { action, actor_id: actorId, user_id: userId, value };
  return roomObject(env, ref.roomId).postSystem(ref, event, RENDER[action](name(actorId), name(userId), value));
}

/** Tells each user's inbox that a room appeared, changed or went away for them. */
export async function refreshInboxes(env: Env, roomId: string, userIds: string[]): Promise<void> {
  await Promise.all(userIds.map((userId) => inboxObject(env, userId).roomChanged(roomId)));
}

/** A signed-out session loses its sockets everywhere: the inbox and every room it may have open. */
/** Closes every socket an account has open, in its inbox and each of its rooms, whatever the session. */
export async function endAccountSockets(env: Env, userId: string): Promise<void> {
  await inboxObject(env, userId).accountEnded();
  const roomIds = await userRoomIds(database(env.DB), userId);
  for (let i = 0; i < roomIds.length; i += 50) {
    await Promise.all(roomIds.slice(i, i + 50).map((roomId) => roomObject(env, roomId).closeUser(userId)));
  }
}

export async function endSessionSockets(env: Env, userId: string, sessionId: string): Promise<void> {
  await inboxObject(env, userId).sessionRevoked(sessionId);
  const roomIds = await userRoomIds(database(env.DB), userId);
  for (let i = 0; i < roomIds.length; i += 50) {
    await Promise.all(roomIds.slice(i, i + 50).map((roomId) => roomObject(env, roomId).closeSession(sessionId)));
  }
}
