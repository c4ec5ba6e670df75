import { z } from "zod";
import { User } from "./api";
import { Message } from "./messages";
import { Room } from "./rooms";
import { SEARCH_QUERY_MAX } from "./searchTerms";

// Search over messages, people and rooms: the query, and what one page of answers holds.

export { SEARCH_QUERY_MAX };
export const SEARCH_LIMIT_MAX = 50;
export const SEARCH_CURSOR_MAX = 512;
export const SEARCH_NAMES_MAX = 10;

export const SearchQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1, "is required")
    .max(SEARCH_QUERY_MAX, `must be at most ${SEARCH_QUERY_MAX} characters`)
    .meta({ description: 'Words to find; "quoted words" as an exact phrase. Words also match as the start of longer words.' }),
  room_id: z.string().min(1).max(64).optional().meta({ description: "Search this one room; otherwise all of your rooms." }),
  cursor: z.string().min(1).max(SEARCH_CURSOR_MAX).optional().meta({ description: "next_cursor from the previous page." }),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(20),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** A stretch of text, and whether it is one of the words searched for. Shown as text, never as HTML. */
export const SearchSegment = z.object({ text: z.string(), match: z.boolean() }).meta({ id: "SearchSegment" });
export type SearchSegment = z.infer<typeof SearchSegment>;

export const MessageHit = z
  .object({
    message: Message,
    highlight: z.array(SearchSegment).meta({ description: "An excerpt around the matched words, in segments." }),
  })
  .meta({ id: "MessageHit" });
export type MessageHit = z.infer<typeof MessageHit>;

export const SearchResults = z
  .object({
    messages: z.array(MessageHit).meta({ description: "Best match first." }),
    people: z.array(User).meta({ description: "People by username or name; first page of an all-rooms search only." }),
    rooms: z.array(Room).meta({ description: "Your rooms by title; first page of an all-rooms search only." }),
    next_cursor: z.string().nullable(),
    partial: z
      .boolean()
      .meta({ description: "Some messages may be missing: a room is still indexing its older history, or you are in more rooms than one search covers." }),
  })
  .meta({ id: "SearchResults" });
export type SearchResults = z.infer<typeof SearchResults>;
