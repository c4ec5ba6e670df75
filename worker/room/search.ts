import type { Attachment, Message, MessageKind } from "../../schema/messages";
import type { SearchSegment } from "../../schema/search";
import type { SearchTerm } from "../../schema/searchTerms";
import type { MessageRow, RoomStore, StoredPoll } from "./store";

// Full-text search over one room's messages: an FTS5 table in the room's own SQLite, written
// in the same transactions as the messages it indexes, so a search never sees a message the
// room has not committed, an edit's old words or a deleted message. See docs/search.md.

const INDEX_VERSION = "1";
// unicode61 splits on spaces and punctuation in every script and folds case and Latin
// diacritics ("cafe" finds "Café"); queries match words as prefixes, which suits Korean,
// where particles and endings are attached to the word ("회의" finds "회의는").
const SCHEMA = "CREATE VIRTUAL TABLE IF NOT EXISTS message_index USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')";
// Messages a room had before it had an index are indexed newest first, this many per
// transaction, so no step holds the object for long.
const BACKFILL_STEP = 500;
// A search that finds the index incomplete indexes this many steps first.
const BACKFILL_STEPS_PER_SEARCH = 4;
const EXCERPT_TOKENS = 24;
// Marks around matched words in an excerpt; removed from indexed text, so a message can
// never forge one.
const MARK_START = "\u0002";
const MARK_END = "\u0003";
const MARKS = /[\u0002\u0003]/g;

export interface Indexable {
  kind: MessageKind | string;
  text: string | null;
  attachment: Attachment | null;
  poll: StoredPoll | null;
}

/** The words a message is found by: its text, its file's name, its poll. System notices are not indexed. */
export function indexedBody(message: Indexable): string {
  if (message.kind === "system") return "";
  const parts = [message.text, message.attachment?.name, message.poll?.question, ...(message.poll?.options ?? [])];
  return parts.filter((part): part is string => !!part).join("\n").replace(MARKS, " ");
}

export const rowIndexable = (row: MessageRow): Indexable => ({
  kind: row.kind,
  text: row.text,
  attachment: row.attachment ? (JSON.parse(row.attachment) as Attachment) : null,
  poll: row.poll ? (JSON.parse(row.poll) as StoredPoll) : null,
});

/** Strictly after a hit with this score and, at an equal score, below this seq. */
export interface SearchAfter {
  score: number;
  seqBelow: number;
}

interface IndexHit {
  seq: number;
  score: number;
  excerpt: string;
}

export class MessageIndex {
  constructor(
    private readonly sql: SqlStorage,
    lastSeq: number,
  ) {
    sql.exec(SCHEMA);
    if (this.meta("search_index") === null) {
      // The room is older than its index: what it already holds is indexed in the background.
      if (lastSeq > 0) this.setMeta("search_backfill_below", String(lastSeq + 1));
      this.setMeta("search_index", INDEX_VERSION);
    }
  }

  add(seq: number, body: string): void {
    if (body) this.sql.exec("INSERT INTO message_index (rowid, body) VALUES (?, ?)", seq, body);
  }

  replace(seq: number, body: string): void {
    this.remove(seq);
    this.add(seq, body);
  }

  remove(seq: number): void {
    this.sql.exec("DELETE FROM message_index WHERE rowid = ?", seq);
  }

  /** Messages below this seq may still be missing from the index; null when none are. */
  private get backfillBelow(): number | null {
    const value = this.meta("search_backfill_below");
    return value === null ? null : Number(value);
  }

  get complete(): boolean {
    return this.backfillBelow === null;
  }

  /** Indexes the next stretch of older messages; run it inside a transaction. */
  backfillStep(): void {
    const below = this.backfillBelow;
    if (below === null) return;
    const from = Math.max(1, below - BACKFILL_STEP);
    // An edit made since the index began already indexed its message.
    const rows = this.sql
      .exec<MessageRow>(
        `SELECT * FROM messages m WHERE seq >= ?1 AND seq < ?2 AND deleted = 0 AND kind != 'system'
         AND NOT EXISTS (SELECT 1 FROM message_index WHERE rowid = m.seq)`,
        from,
        below,
      )
      .toArray();
    for (const row of rows) this.add(row.seq, indexedBody(rowIndexable(row)));
    if (from <= 1) this.sql.exec("DELETE FROM meta WHERE key = 'search_backfill_below'");
    else this.setMeta("search_backfill_below", String(from));
  }

  /** Best match first (bm25: lower is better), then newest; `limit` hits after `after`. */
  search(match: string, after: SearchAfter | null, limit: number): IndexHit[] {
    const select = `SELECT rowid AS seq, rank AS score, snippet(message_index, 0, char(2), char(3), '…', ${EXCERPT_TOKENS}) AS excerpt
      FROM message_index WHERE message_index MATCH ?1`;
    const order = "ORDER BY rank, rowid DESC LIMIT ?2";
    const cursor = after
      ? this.sql.exec<IndexHit & Record<string, SqlStorageValue>>(
          `${select} AND (rank > ?3 OR (rank = ?3 AND rowid < ?4)) ${order}`,
          match,
          limit,
          after.score,
          after.seqBelow,
        )
      : this.sql.exec<IndexHit & Record<string, SqlStorageValue>>(`${select} ${order}`, match, limit);
    return cursor.toArray();
  }

  private meta(key: string): string | null {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
  }

  private setMeta(key: string, value: string): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);
  }
}

/**
 * The terms as an FTS5 query: each one a quoted string (so nothing the person typed is ever
 * FTS syntax), any of them may match, and a message matching more or rarer ones ranks higher.
 * Terms hold only letters and digits, so they never contain a quote.
 */
export const ftsQuery = (terms: readonly SearchTerm[]) =>
  terms.map((term) => `"${term.tokens.join(" ")}"${term.prefix ? "*" : ""}`).join(" OR ");

export function segmentsOf(excerpt: string): SearchSegment[] {
  const segments: SearchSegment[] = [];
  const push = (text: string, match: boolean) => {
    if (text) segments.push({ text, match });
  };
  excerpt.split(MARK_START).forEach((part, index) => {
    const end = index === 0 ? -1 : part.indexOf(MARK_END);
    if (end >= 0) push(part.slice(0, end), true);
    push(part.slice(end + 1), false);
  });
  return segments;
}

export interface RoomSearch {
  terms: SearchTerm[];
  after: SearchAfter | null;
  limit: number;
}

export interface RoomSearchHit {
  score: number;
  message: Message;
  highlight: SearchSegment[];
}

export interface RoomSearchAnswer {
  hits: RoomSearchHit[];
  /** False while older messages are still being indexed. */
  complete: boolean;
}

export function searchRoom(storage: DurableObjectStorage, store: RoomStore, roomId: string, query: RoomSearch): RoomSearchAnswer {
  const index = store.index;
  if (query.terms.length === 0) return { hits: [], complete: index.complete };
  for (let step = 0; step < BACKFILL_STEPS_PER_SEARCH && !index.complete; step++) storage.transactionSync(() => index.backfillStep());
  const hits = index.search(ftsQuery(query.terms), query.after, query.limit).flatMap((hit) => {
    const message = store.message(roomId, hit.seq);
    return message ? [{ score: hit.score, message, highlight: segmentsOf(hit.excerpt) }] : [];
  });
  return { hits, complete: index.complete };
}

/** Indexes a room's older messages a step at a time while the object is awake, letting other work in between. */
export function continueBackfill(storage: DurableObjectStorage, index: MessageIndex): void {
  if (index.complete) return;
  setTimeout(() => {
    storage.transactionSync(() => index.backfillStep());
    continueBackfill(storage, index);
  }, 0);
}
