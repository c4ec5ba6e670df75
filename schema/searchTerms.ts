// What a search query means, as plain code (no zod) so the PWA's offline search reads a
// query exactly as the server does.

export const SEARCH_QUERY_MAX = 200;
export const SEARCH_TERMS_MAX = 16;

/** Consecutive words to find in order; the last one may be the start of a longer word. */
export interface SearchTerm {
  tokens: string[];
  prefix: boolean;
}

// The characters the index's tokenizer (SQLite's unicode61) keeps in a word: letters,
// digits and private-use characters. Everything else separates words.
const WORD = /[\p{L}\p{N}\p{Co}]+/gu;
// A single Latin letter as a prefix would match a large share of all words.
const PREFIX_MIN_LENGTH = 2;

/** Lower case without diacritics ("Café" → "cafe"), as the index compares words. */
export const foldText = (text: string) =>
  text.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();

export const wordsOf = (text: string) => foldText(text).match(WORD) ?? [];

/**
 * The terms of a query: "quoted words" as an exact phrase, every other word as a prefix
 * (so "deploy" finds "deployment", and a Korean noun finds it with its particle: "회의"
 * finds "회의는"). Operators and punctuation are never syntax, only separators.
 */
export function searchTerms(query: string): SearchTerm[] {
  const parts = query.split('"');
  // With an odd number of quotes the last one is unclosed: what follows it is plain words.
  const closed = parts.length % 2 === 1 ? parts.length : parts.length - 1;
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  const add = (tokens: string[], prefix: boolean) => {
    const key = `${prefix ? "*" : ""}${tokens.join(" ")}`;
    if (tokens.length === 0 || seen.has(key)) return;
    seen.add(key);
    terms.push({ tokens, prefix });
  };
  parts.forEach((part, index) => {
    if (index % 2 === 1 && index < closed) return add(wordsOf(part), false);
    for (const word of part.split(/\s+/u)) {
      const tokens = wordsOf(word);
      add(tokens, [...(tokens[tokens.length - 1] ?? "")].length >= PREFIX_MIN_LENGTH);
    }
  });
  return terms.slice(0, SEARCH_TERMS_MAX);
}
