import { withStore } from "./db";

export const loadDraft = (roomId: string) => withStore(async (db) => (await db.get("drafts", roomId))?.text ?? "", "");

export const saveDraft = (roomId: string, text: string) =>
  withStore((db) => (text.trim() === "" ? db.delete("drafts", roomId) : db.put("drafts", { room_id: roomId, text }).then(() => undefined)), undefined);
