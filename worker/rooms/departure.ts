import { database } from "../lib/db";
import { announce } from "./events";
import { removeMember, type Departure, type Membership } from "./membership";
import { inboxObject, roomObject } from "./objects";

/**
 * Ends a membership and tells everyone concerned: the person's sockets on the room close,
 * their room list drops it, and the members who stay see who left or was removed and who
 * owns the room now.
 */
export async function endMembership(env: Env, target: Membership, actorId: string): Promise<Departure> {
  const { room, member } = target;
  const departure = await removeMember(database(env.DB), target);
  const ref = { roomId: room.id, kind: room.kind };
  await roomObject(env, room.id).memberChanged(ref, member.userId, null);
  await inboxObject(env, member.userId).roomRemoved(room.id);
  if (!departure.archived) {
    await announce(env, ref, actorId === member.userId ? "member_left" : "member_removed", actorId, member.userId);
    if (departure.newOwnerId) {
      await roomObject(env, room.id).memberChanged(ref, departure.newOwnerId, "owner");
      await announce(env, ref, "owner_changed", null, departure.newOwnerId);
    }
  }
  return departure;
}
