import type { RoomRef } from "../room/identity";

export const roomObject = (env: Env, roomId: string) => env.ROOM.get(env.ROOM.idFromName(roomId));
export const inboxObject = (env: Env, userId: string) => env.INBOX.get(env.INBOX.idFromName(userId));
export type { RoomRef };
