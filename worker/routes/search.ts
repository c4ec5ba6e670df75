import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { dataOf } from "../../schema/api";
import type { Room } from "../../schema/rooms";
import { SEARCH_NAMES_MAX, SearchQuery, SearchResults, type MessageHit } from "../../schema/search";
import { foldText, searchTerms } from "../../schema/searchTerms";
import { database } from "../lib/db";
import { invalidRequest, notFound } from "../lib/errors";
import { findPeople } from "../lib/peopleSearch";
import { bearer, createRouter, errorResponses, json } from "../lib/router";
import { toApiUser } from "../lib/users";
import { requireAuth } from "../middleware/auth";
import type { RoomRef } from "../room/identity";
import type { RoomSearchAnswer, SearchAfter } from "../room/search";
import { findMembership } from "../rooms/membership";
import { roomObject } from "../rooms/objects";
import { listRooms } from "../rooms/roomList";

// Each room's messages are indexed in its own Durable Object; a search across rooms asks
// the caller's rooms in parallel and merges their answers by score (docs/search.md).

// One search asks at most this many rooms (the most recently active), this many at a time.
const FANOUT_ROOMS_MAX = 100;
const FANOUT_CONCURRENCY = 25;

const searchRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["Search"],
  summary: "Search messages, people and rooms",
  description:
    "Messages in rooms you are a member of now, best match first, with the matched words marked; room_id narrows it to one room (404 if you are not in it). " +
    "Pages follow next_cursor. The first page of a search across rooms also lists people and your rooms whose names match.",
  security: bearer,
  middleware: [requireAuth] as const,
  request: { query: SearchQuery },
  responses: { 200: { description: "One page of results", content: json(dataOf(SearchResults)) }, ...errorResponses(400, 401, 403, 404) },
});

// Global order: score (bm25, lower is better), then room id, then newest seq. A cursor is
// the last hit of the page, with a fingerprint of the search it belongs to.
const Cursor = z.strictObject({ k: z.string(), s: z.number(), r: z.string(), n: z.number().int() });
type Cursor = z.infer<typeof Cursor>;

const fingerprint = (q: string, roomId: string | undefined) => {
  let hash = 0x811c9dc5;
  for (const ch of `${roomId ?? ""}\n${q}`) hash = Math.imul(hash ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return hash.toString(36);
};

const encodeCursor = (cursor: Cursor) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(cursor))))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

function decodeCursor(raw: string, key: string): Cursor {
  let parsed: unknown;
  try {
    const binary = atob(raw.replace(/-/g, "+").replace(/_/g, "/"));
    parsed = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0))));
  } catch {
    parsed = null;
  }
  const cursor = Cursor.safeParse(parsed);
  if (!cursor.success || cursor.data.k !== key) {
    throw invalidRequest("cursor: is not a cursor from this search", [{ field: "cursor", message: "is not a cursor from this search" }]);
  }
  return cursor.data;
}

// At an equal score, rooms ordered before the cursor's room have nothing left after it, and
// rooms ordered after it have everything.
const afterIn = (roomId: string, cursor: Cursor | null): SearchAfter | null =>
  cursor && { score: cursor.s, seqBelow: roomId < cursor.r ? 0 : roomId === cursor.r ? cursor.n : Number.MAX_SAFE_INTEGER };

async function eachLimited<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

const namedLike = (room: Room, needle: string) =>
  foldText(room.title).includes(needle) || (room.peer !== null && room.peer.username.includes(needle));

export const searchRoutes = createRouter().openapi(searchRoute, async (c) => {
  const { q, room_id: roomId, cursor: rawCursor, limit } = c.req.valid("query");
  const key = fingerprint(q, roomId);
  const cursor = rawCursor === undefined ? null : decodeCursor(rawCursor, key);
  const userId = c.var.user.id;
  const db = database(c.env.DB);

  let targets: RoomRef[];
  let named: Room[] = [];
  if (roomId !== undefined) {
    const membership = await findMembership(db, roomId, userId);
    if (!membership) throw notFound("room");
    targets = [{ roomId, kind: membership.room.kind }];
  } else {
    const mine = await listRooms(c.env.DB, userId);
    targets = mine.map((room) => ({ roomId: room.id, kind: room.kind }));
    if (cursor === null) named = mine.filter((room) => namedLike(room, foldText(q))).slice(0, SEARCH_NAMES_MAX);
  }
  const searched = targets.slice(0, FANOUT_ROOMS_MAX);
  const terms = searchTerms(q);

  const [answers, people] = await Promise.all([
    terms.length === 0
      ? Promise.resolve([] as RoomSearchAnswer[])
      : eachLimited(searched, FANOUT_CONCURRENCY, (ref) =>
          roomObject(c.env, ref.roomId).search(ref, { terms, after: afterIn(ref.roomId, cursor), limit: limit + 1 }),
        ),
    roomId === undefined && cursor === null ? findPeople(db, q, SEARCH_NAMES_MAX) : Promise.resolve([]),
  ]);

  const hits = answers
    .flatMap((answer) => answer.hits)
    .sort((a, b) => a.score - b.score || (a.message.room_id < b.message.room_id ? -1 : a.message.room_id > b.message.room_id ? 1 : b.message.seq - a.message.seq));
  const page = hits.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    hits.length > limit && last ? encodeCursor({ k: key, s: last.score, r: last.message.room_id, n: last.message.seq }) : null;
  const messages: MessageHit[] = page.map(({ message, highlight }) => ({ message, highlight }));
  return c.json(
    {
      data: {
        messages,
        people: people.map(toApiUser),
        rooms: named,
        next_cursor: nextCursor,
        partial: targets.length > searched.length || answers.some((answer) => !answer.complete),
      },
    },
    200,
  );
});
