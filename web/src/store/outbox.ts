import { withStore, type OutboxEntry } from "./db";

export const loadOutbox = () => withStore((db) => db.getAll("outbox"), [] as OutboxEntry[]);

export const saveOutboxEntry = (entry: OutboxEntry) => withStore((db) => db.put("outbox", entry).then(() => undefined), undefined);

export const removeOutboxEntry = (clientMsgId: string) => withStore((db) => db.delete("outbox", clientMsgId), undefined);
