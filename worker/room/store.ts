import type { Attachment, Message, MessageKind, SystemEvent } from "../../schema/messages";
import { iso } from "../lib/time";
import { indexedBody, MessageIndex, rowIndexable } from "./search";

// The room's own SQLite storage: messages with their reactions and poll votes, and read
// cursors. Every statement is synchronous inside the object. New messages are numbered
// when staged and written when their batch commits; both happen in the object's single
// thread, in order, so seqs are gapless. The search index is written with the messages,
// in the same transactions.

interface MessageRow extends Record<string, SqlStorageValue> {
  seq: number;
  sender_id: string | null;
  client_msg_id: string | null;
  kind: string;
  text: string | null;
  reply_to: number | null;
  attachment: string | null;
  poll: string | null;
  sticker: string | null;
  system: string | null;
  created_at: number;
  edited_at: number | null;
  deleted: number;
}

export interface StoredPoll {
  question: string;
  options: string[];
  multiple: boolean;
  closed: boolean;
}

export interface NewMessage {
  senderId: string | null;
  clientMsgId: string | null;
  kind: MessageKind;
  text: string | null;
  replyTo: number | null;
  attachment: Attachment | null;
  poll: StoredPoll | null;
  sticker: string | null;
  system: SystemEvent | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY,
  sender_id TEXT,
  client_msg_id TEXT,
  kind TEXT NOT NULL,
  text TEXT,
  reply_to INTEGER,
  attachment TEXT,
  poll TEXT,
  sticker TEXT,
  system TEXT,
  created_at INTEGER NOT NULL,
  edited_at INTEGER,
  deleted INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_idempotency ON messages (sender_id, client_msg_id) WHERE client_msg_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS reactions (
  seq INTEGER NOT NULL,
  emoji TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (seq, emoji, user_id)
);
CREATE TABLE IF NOT EXISTS poll_votes (
  seq INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  option INTEGER NOT NULL,
  PRIMARY KEY (seq, user_id, option)
);
CREATE TABLE IF NOT EXISTS read_cursors (
  user_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  -- 0 while D1's copy (memberships.last_read_seq) still has to catch up.
  synced INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS inbox_subscribers (
  user_id TEXT PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

export interface StagedMessage {
  message: Message;
  row: NewMessage;
  createdAt: number;
}

export class RoomStore {
  private lastSeqCache: number;
  private stagedSeq: number;
  private lastCreatedAt: number;
  readonly index: MessageIndex;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
    const last = sql.exec<{ seq: number; created_at: number }>("SELECT seq, created_at FROM messages ORDER BY seq DESC LIMIT 1").toArray()[0];
    this.lastSeqCache = last?.seq ?? 0;
    this.stagedSeq = this.lastSeqCache;
    this.lastCreatedAt = last?.created_at ?? 0;
    this.index = new MessageIndex(sql, this.lastSeqCache);
  }

  /** The newest committed seq: what history, sync and read cursors may refer to. */
  get lastSeq(): number {
    return this.lastSeqCache;
  }

  getMeta(key: string): string | null {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);
  }

  findByClientMsgId(senderId: string, clientMsgId: string): number | null {
    return (
      this.sql
        .exec<{ seq: number }>("SELECT seq FROM messages WHERE sender_id = ? AND client_msg_id = ?", senderId, clientMsgId)
        .toArray()[0]?.seq ?? null
    );
  }

  exists(seq: number): boolean {
    return seq >= 1 && seq <= this.lastSeqCache;
  }

  /**
   * Numbers a new message and answers it as the API shows it (fresh, so no reactions or
   * votes yet). Nothing is written until `commit`.
   */
  stage(roomId: string, message: NewMessage): StagedMessage {
    const seq = ++this.stagedSeq;
    // Times never go backwards, even if the clock does.
    const createdAt = Math.max(Date.now(), this.lastCreatedAt + 1);
    this.lastCreatedAt = createdAt;
    return {
      row: message,
      createdAt,
      message: {
        id: `${roomId}:${seq}`,
        room_id: roomId,
        seq,
        sender_id: message.senderId,
        client_msg_id: message.clientMsgId,
        kind: message.kind,
        text: message.text,
        reply_to: message.replyTo,
        attachment: message.attachment,
        poll: message.poll && {
          question: message.poll.question,
          multiple: message.poll.multiple,
          closed: message.poll.closed,
          options: message.poll.options.map((text) => ({ text, voters: [] })),
        },
        sticker: message.sticker,
        system: message.system,
        created_at: iso(createdAt),
        edited_at: null,
        deleted: false,
        reactions: {},
      },
    };
  }

  /** Writes staged messages, in seq order, as one transaction with the caller's other writes. */
  commit(staged: readonly StagedMessage[]): void {
    for (const { message, row, createdAt } of staged) {
      this.sql.exec(
        `INSERT INTO messages (seq, sender_id, client_msg_id, kind, text, reply_to, attachment, poll, sticker, system, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        message.seq,
        row.senderId,
        row.clientMsgId,
        row.kind,
        row.text,
        row.replyTo,
        row.attachment && JSON.stringify(row.attachment),
        row.poll && JSON.stringify(row.poll),
        row.sticker,
        row.system && JSON.stringify(row.system),
        createdAt,
      );
      this.index.add(message.seq, indexedBody(row));
    }
    const last = staged[staged.length - 1];
    if (last) this.lastSeqCache = last.message.seq;
  }

  /** A failed commit gives its seqs back, so the next message still follows the last stored one. */
  unstage(): void {
    this.stagedSeq = this.lastSeqCache;
  }

  row(seq: number): MessageRow | null {
    return this.sql.exec<MessageRow>("SELECT * FROM messages WHERE seq = ?", seq).toArray()[0] ?? null;
  }

  poll(row: MessageRow): StoredPoll | null {
    return row.poll ? (JSON.parse(row.poll) as StoredPoll) : null;
  }

  edit(seq: number, text: string): void {
    this.sql.exec("UPDATE messages SET text = ?, edited_at = ? WHERE seq = ?", text, Date.now(), seq);
    const row = this.row(seq);
    if (row) this.index.replace(seq, indexedBody(rowIndexable(row)));
  }

  // A tombstone keeps its seq; what was said, shown or voted on is erased.
  tombstone(seq: number): void {
    this.sql.exec(
      "UPDATE messages SET deleted = 1, text = NULL, attachment = NULL, poll = NULL, sticker = NULL, edited_at = ? WHERE seq = ?",
      Date.now(),
      seq,
    );
    this.sql.exec("DELETE FROM reactions WHERE seq = ?", seq);
    this.sql.exec("DELETE FROM poll_votes WHERE seq = ?", seq);
    this.index.remove(seq);
  }

  react(seq: number, emoji: string, userId: string, on: boolean): boolean {
    const cursor = on
      ? this.sql.exec(
          "INSERT INTO reactions (seq, emoji, user_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
          seq,
          emoji,
          userId,
          Date.now(),
        )
      : this.sql.exec("DELETE FROM reactions WHERE seq = ? AND emoji = ? AND user_id = ?", seq, emoji, userId);
    return cursor.rowsWritten > 0;
  }

  distinctReactions(seq: number): number {
    return this.sql.exec<{ n: number }>("SELECT count(DISTINCT emoji) AS n FROM reactions WHERE seq = ?", seq).one().n;
  }

  vote(seq: number, userId: string, options: number[]): void {
    this.sql.exec("DELETE FROM poll_votes WHERE seq = ? AND user_id = ?", seq, userId);
    for (const option of options) this.sql.exec("INSERT INTO poll_votes (seq, user_id, option) VALUES (?, ?, ?)", seq, userId, option);
  }

  closePoll(seq: number, poll: StoredPoll): void {
    this.sql.exec("UPDATE messages SET poll = ? WHERE seq = ?", JSON.stringify({ ...poll, closed: true }), seq);
  }

  /**
   * Moves a read cursor forward only; answers whether it moved. `synced` says whether the
   * caller writes D1's copy itself; otherwise the summary write does, coalesced.
   */
  markRead(userId: string, seq: number, synced: boolean): boolean {
    const cursor = this.sql.exec(
      `INSERT INTO read_cursors (user_id, seq, synced) VALUES (?1, ?2, ?3)
       ON CONFLICT (user_id) DO UPDATE SET seq = excluded.seq, synced = excluded.synced WHERE excluded.seq > read_cursors.seq`,
      userId,
      seq,
      synced ? 1 : 0,
    );
    return cursor.rowsWritten > 0;
  }

  unsyncedCursors(): { user_id: string; seq: number }[] {
    return this.sql.exec<{ user_id: string; seq: number }>("SELECT user_id, seq FROM read_cursors WHERE synced = 0").toArray();
  }

  cursorSynced(userId: string, seq: number): void {
    this.sql.exec("UPDATE read_cursors SET synced = 1 WHERE user_id = ? AND seq = ?", userId, seq);
  }

  readCursors(): Record<string, number> {
    const cursors: Record<string, number> = {};
    for (const row of this.sql.exec<{ user_id: string; seq: number }>("SELECT user_id, seq FROM read_cursors")) cursors[row.user_id] = row.seq;
    return cursors;
  }

  forgetReader(userId: string): void {
    this.sql.exec("DELETE FROM read_cursors WHERE user_id = ?", userId);
  }

  subscribe(userId: string): void {
    this.sql.exec("INSERT INTO inbox_subscribers (user_id) VALUES (?) ON CONFLICT DO NOTHING", userId);
  }

  unsubscribe(userId: string): void {
    this.sql.exec("DELETE FROM inbox_subscribers WHERE user_id = ?", userId);
  }

  subscribers(): string[] {
    return this.sql.exec<{ user_id: string }>("SELECT user_id FROM inbox_subscribers").toArray().map((r) => r.user_id);
  }

  /** Messages with seq in (after, after + limit], ascending. */
  after(afterSeq: number, limit: number): MessageRow[] {
    return this.sql.exec<MessageRow>("SELECT * FROM messages WHERE seq > ? ORDER BY seq LIMIT ?", afterSeq, limit).toArray();
  }

  /** What `senderId` sent with seq in (afterSeq, throughSeq], ascending, at most `limit`. */
  sentBy(senderId: string, afterSeq: number, throughSeq: number, limit: number): MessageRow[] {
    return this.sql
      .exec<MessageRow>("SELECT * FROM messages WHERE seq > ? AND seq <= ? AND sender_id = ? ORDER BY seq LIMIT ?", afterSeq, throughSeq, senderId, limit)
      .toArray();
  }

  /** The `limit` messages just below `beforeSeq`, ascending. */
  before(beforeSeq: number, limit: number): MessageRow[] {
    return this.sql
      .exec<MessageRow>("SELECT * FROM messages WHERE seq < ? ORDER BY seq DESC LIMIT ?", beforeSeq, limit)
      .toArray()
      .reverse();
  }

  /** Turns rows into API messages, reading reactions and votes for the whole page at once. */
  toMessages(roomId: string, rows: MessageRow[]): Message[] {
    if (rows.length === 0) return [];
    const first = rows[0]!.seq;
    const last = rows[rows.length - 1]!.seq;
    const reactions = new Map<number, Record<string, string[]>>();
    for (const r of this.sql.exec<{ seq: number; emoji: string; user_id: string }>(
      "SELECT seq, emoji, user_id FROM reactions WHERE seq BETWEEN ? AND ? ORDER BY created_at, user_id",
      first,
      last,
    )) {
      const byEmoji = reactions.get(r.seq) ?? {};
      (byEmoji[r.emoji] ??= []).push(r.user_id);
      reactions.set(r.seq, byEmoji);
    }
    const hasPolls = rows.some((row) => row.poll !== null);
    const votes = new Map<number, Map<number, string[]>>();
    if (hasPolls) {
      for (const v of this.sql.exec<{ seq: number; user_id: string; option: number }>(
        "SELECT seq, user_id, option FROM poll_votes WHERE seq BETWEEN ? AND ? ORDER BY user_id",
        first,
        last,
      )) {
        const byOption = votes.get(v.seq) ?? new Map<number, string[]>();
        byOption.set(v.option, [...(byOption.get(v.option) ?? []), v.user_id]);
        votes.set(v.seq, byOption);
      }
    }
    return rows.map((row) => {
      const poll = this.poll(row);
      return {
        id: `${roomId}:${row.seq}`,
        room_id: roomId,
        seq: row.seq,
        sender_id: row.sender_id,
        client_msg_id: row.client_msg_id,
        kind: row.kind as MessageKind,
        text: row.text,
        reply_to: row.reply_to,
        attachment: row.attachment ? (JSON.parse(row.attachment) as Attachment) : null,
        poll: poll && {
          question: poll.question,
          multiple: poll.multiple,
          closed: poll.closed,
          options: poll.options.map((text, index) => ({ text, voters: votes.get(row.seq)?.get(index) ?? [] })),
        },
        sticker: row.sticker,
        system: row.system ? (JSON.parse(row.system) as SystemEvent) : null,
        created_at: iso(row.created_at),
        edited_at: row.edited_at === null ? null : iso(row.edited_at),
        deleted: row.deleted === 1,
        reactions: reactions.get(row.seq) ?? {},
      };
    });
  }

  message(roomId: string, seq: number): Message | null {
    const row = this.row(seq);
    return row ? this.toMessages(roomId, [row])[0]! : null;
  }
}

export type { MessageRow };
