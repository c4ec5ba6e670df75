import { REPORT_CONTEXT } from "../../schema/admin";
import type { Message } from "../../schema/messages";
import type { Actor, RoomRef } from "./identity";
import type { HistoryQuery, Room } from "./Room";

// A site administrator settling a report acts in the room through its ordinary operations,
// with a room admin's authority whether or not they are a member: the room object keeps
// the one delete path (tombstone, broadcast, the file let go) for moderators too.
export const moderator = (adminId: string): Actor => ({ userId: adminId, role: "admin" });

/** The history page holding `seq` and up to REPORT_CONTEXT messages on each side of it. */
const contextQuery = (seq: number): HistoryQuery => ({ before_seq: seq + REPORT_CONTEXT + 1, limit: 2 * REPORT_CONTEXT + 1 });

/** The one page holding just `seq`, to check what is being reported. */
const singleQuery = (seq: number): HistoryQuery => ({ after_seq: seq - 1, limit: 1 });

type RoomStub = DurableObjectStub<Room>;

export async function findMessage(room: RoomStub, ref: RoomRef, seq: number): Promise<Message | null> {
  const { messages } = await room.history(ref, singleQuery(seq));
  return messages[0]?.seq === seq ? messages[0] : null;
}

export async function messageContext(room: RoomStub, ref: RoomRef, seq: number): Promise<Message[]> {
  return (await room.history(ref, contextQuery(seq))).messages.filter((message) => message.seq >= seq - REPORT_CONTEXT);
}
