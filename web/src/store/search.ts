import type { Message } from "../../../schema/messages";
import type { SearchSegment } from "../../../schema/search";
import { foldText, type SearchTerm } from "../../../schema/searchTerms";
import { withStore } from "./db";

// Search without a network: a scan over the messages this device has cached, matching
// words the way the server's index does (case and diacritics folded, words as prefixes).
// A scan, not an index: the cache holds what the person has already scrolled through,
// usually thousands of messages, which a scan reads in well under a second; an index in
// IndexedDB would cost every cached message a write and its upkeep on every edit.

/** Messages read per request, and at most per search: the scan stops there, or at the time budget. */
const CHUNK = 500;
const SCAN_MAX = 50_000;
const TIME_BUDGET_MS = 800;
// Around the first match, this many characters on each side make the excerpt.
const EXCERPT_CONTEXT = 60;

const WORD = /[\p{L}\p{M}\p{N}\p{Co}]+/gu;

interface Word {
  start: number;
  end: number;
  folded: string;
}

const wordsWithPlaces = (text: string): Word[] =>
  [...text.matchAll(WORD)].map((match) => ({ start: match.index, end: match.index + match[0].length, folded: foldText(match[0]) }));

interface Match {
  term: number;
  first: number;
  last: number;
}

/** Where each term matches in the words, in reading order. */
function matchesIn(words: Word[], terms: readonly SearchTerm[]): Match[] {
  const found: Match[] = [];
  terms.forEach(({ tokens, prefix }, term) => {
    for (let i = 0; i + tokens.length <= words.length; i++) {
      const fits = tokens.every((token, j) => {
        const word = words[i + j]!.folded;
        return prefix && j === tokens.length - 1 ? word.startsWith(token) : word === token;
      });
      if (fits) found.push({ term, first: i, last: i + tokens.length - 1 });
    }
  });
  return found.sort((a, b) => a.first - b.first);
}

/** The words found by: text, file name, poll, as the server indexes them. */
export function searchableText(message: Message): string {
  if (message.deleted || message.kind === "system") return "";
  const parts = [message.text, message.attachment?.name, message.poll?.question, ...(message.poll?.options.map((o) => o.text) ?? [])];
  return parts.filter((part): part is string => !!part).join("\n");
}

/** An excerpt of `text` around its first match, the matched words marked. */
function excerpt(text: string, words: Word[], matches: Match[]): SearchSegment[] {
  const ranges = matches.map(({ first, last }) => [words[first]!.start, words[last]!.end] as const);
  const from = ranges.length > 0 ? Math.max(0, ranges[0]![0] - EXCERPT_CONTEXT) : 0;
  const to = Math.min(text.length, (ranges[0]?.[1] ?? 0) + EXCERPT_CONTEXT * 2);
  const segments: SearchSegment[] = [];
  const push = (value: string, match: boolean) => {
    if (value) segments.push({ text: value, match });
  };
  if (from > 0) push("…", false);
  let index = from;
  for (const [start, end] of ranges) {
    if (start < index || end > to) continue;
    push(text.slice(index, start), false);
    push(text.slice(start, end), true);
    index = end;
  }
  push(text.slice(index, to), false);
  if (to < text.length) push("…", false);
  return segments;
}

export interface CachedHit {
  message: Message;
  highlight: SearchSegment[];
  score: number;
}

export interface CachedSearch {
  hits: CachedHit[];
  /** The scan stopped before reading the whole cache. */
  partial: boolean;
}

/**
 * The best `limit` cached messages in these rooms: more of the terms matched first, then
 * more matches, then newest.
 */
export const searchCached = (terms: readonly SearchTerm[], roomIds: ReadonlySet<string>, limit: number) =>
  withStore(
    async (db): Promise<CachedSearch> => {
      const hits: CachedHit[] = [];
      const started = performance.now();
      let scanned = 0;
      let after: IDBValidKey | null = null;
      for (;;) {
        const range: IDBKeyRange | undefined = after === null ? undefined : IDBKeyRange.lowerBound(after, true);
        const chunk: Message[] = await db.getAll("messages", range, CHUNK);
        for (const message of chunk) {
          if (!roomIds.has(message.room_id)) continue;
          const text = searchableText(message);
          if (!text) continue;
          const words = wordsWithPlaces(text);
          const matches = matchesIn(words, terms);
          if (matches.length === 0) continue;
          const termsMatched = new Set(matches.map((match) => match.term)).size;
          hits.push({ message, highlight: excerpt(text, words, matches), score: termsMatched * 1000 + matches.length });
        }
        scanned += chunk.length;
        const last = chunk[chunk.length - 1];
        if (chunk.length < CHUNK || !last) return { hits: best(hits, limit), partial: false };
        if (scanned >= SCAN_MAX || performance.now() - started > TIME_BUDGET_MS) return { hits: best(hits, limit), partial: true };
        after = [last.room_id, last.seq];
      }
    },
    { hits: [], partial: false },
  );

const best = (hits: CachedHit[], limit: number) =>
  hits.sort((a, b) => b.score - a.score || Date.parse(b.message.created_at) - Date.parse(a.message.created_at)).slice(0, limit);
