import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { dataOf, IdParam } from "../../schema/api";
import { EditBody, Emoji, History, HistoryQuery, Message, ReadBody, SendBody, VoteBody } from "../../schema/messages";
import type { AppEnv } from "../env";
import { ApiError, invalidRequest } from "../lib/errors";
import { bearer, createRouter, errorResponses, json } from "../lib/router";
import { requireAuth } from "../middleware/auth";
import { requireMember } from "../middleware/roomAccess";
import type { Actor, RoomRef } from "../room/identity";
import type { Outcome } from "../room/outcome";
import { roomObject } from "../rooms/objects";

const SeqParam = IdParam.extend({ seq: z.coerce.number().int().min(1) });
const ReactionParam = SeqParam.extend({ emoji: z.string().min(1).max(128) });
const member = { security: bearer, middleware: [requireAuth, requireMember] };
const tags = ["Messages"];
const messageAnswer = (description: string) => ({ description, content: json(dataOf(Message)) });

const historyRoute = createRoute({
  method: "get", path: "/{id}/messages", tags, ...member,
  summary: "A page of the room's history",
  description: "after_seq=N: the messages after N, ascending. before_seq=N: the `limit` messages below N, ascending. Neither: the newest page. limit defaults to 50, at most 200.",
  request: { params: IdParam, query: HistoryQuery },
  responses: { 200: { description: "Messages and whether more exist", content: json(dataOf(History)) }, ...errorResponses(400, 401, 403, 404) },
});
const sendRoute = createRoute({
  method: "post", path: "/{id}/messages", tags, ...member,
  summary: "Send a message",
  description: "The same client_msg_id from the same sender again answers 200 with the original message; nothing new is stored or broadcast.",
  request: { params: IdParam, body: { content: json(SendBody), required: true } },
  responses: {
    200: messageAnswer("Already sent: the original message"),
    201: messageAnswer("Stored and broadcast"),
    ...errorResponses(400, 401, 403, 404, 413, 415),
  },
});
const editRoute = createRoute({
  method: "patch", path: "/{id}/messages/{seq}", tags, ...member, summary: "Edit your message's text",
  request: { params: SeqParam, body: { content: json(EditBody), required: true } },
  responses: { 200: messageAnswer("The edited message"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});
const deleteRoute = createRoute({
  method: "delete", path: "/{id}/messages/{seq}", tags, ...member,
  summary: "Delete a message (sender, owner, admins)", description: "The message keeps its seq as a tombstone: deleted true, no text or attachment.",
  request: { params: SeqParam },
  responses: { 200: messageAnswer("The tombstone"), ...errorResponses(401, 403, 404) },
});
const reactRoute = createRoute({
  method: "put", path: "/{id}/messages/{seq}/reactions/{emoji}", tags, ...member, summary: "Add your reaction",
  request: { params: ReactionParam },
  responses: { 200: messageAnswer("The message with its reactions"), ...errorResponses(400, 401, 403, 404, 409) },
});
const unreactRoute = createRoute({
  method: "delete", path: "/{id}/messages/{seq}/reactions/{emoji}", tags, ...member, summary: "Remove your reaction",
  request: { params: ReactionParam },
  responses: { 200: messageAnswer("The message with its reactions"), ...errorResponses(400, 401, 403, 404, 409) },
});
const voteRoute = createRoute({
  method: "put", path: "/{id}/messages/{seq}/vote", tags, ...member,
  summary: "Vote in a poll, change or withdraw your vote", description: "An empty options list withdraws the vote.",
  request: { params: SeqParam, body: { content: json(VoteBody), required: true } },
  responses: { 200: messageAnswer("The poll with its results"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});
const closePollRoute = createRoute({
  method: "post", path: "/{id}/messages/{seq}/close", tags, ...member, summary: "Close a poll (its author, owner, admins)",
  request: { params: SeqParam },
  responses: { 200: messageAnswer("The closed poll"), ...errorResponses(400, 401, 403, 404) },
});
const readRoute = createRoute({
  method: "post", path: "/{id}/read", tags, ...member,
  summary: "Move your read cursor", description: "The cursor only moves forward; an older seq leaves it where it is.",
  request: { params: IdParam, body: { content: json(ReadBody), required: true } },
  responses: {
    200: { description: "Your read cursor", content: json(dataOf(z.object({ last_read_seq: z.number().int() }))) },
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

function scope(c: Context<AppEnv>): { ref: RoomRef; actor: Actor; room: ReturnType<typeof roomObject> } {
  const { room, member } = c.var.membership;
  return {
    ref: { roomId: room.id, kind: room.kind },
    actor: { userId: member.userId, role: member.role },
    room: roomObject(c.env, room.id),
  };
}

function settle<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const details = outcome.field ? [{ field: outcome.field, message: outcome.message.replace(`${outcome.field}: `, "") }] : undefined;
  throw new ApiError(outcome.status, outcome.code, outcome.message, details);
}

function emojiOf(raw: string): string {
  const parsed = Emoji.safeParse(raw);
  if (!parsed.success) throw invalidRequest("emoji: must be one emoji", [{ field: "emoji", message: "must be one emoji" }]);
  return parsed.data;
}

export const messageRoutes = createRouter()
  .openapi(historyRoute, async (c) => {
    const { ref, room } = scope(c);
    return c.json({ data: await room.history(ref, c.req.valid("query")) }, 200);
  })
  .openapi(sendRoute, async (c) => {
    const { ref, actor, room } = scope(c);
    const { message, created } = settle(await room.send(ref, actor, c.req.valid("json")));
    return created ? c.json({ data: message }, 201) : c.json({ data: message }, 200);
  })
  .openapi(editRoute, async (c) => {
    const { ref, actor, room } = scope(c);
    return c.json({ data: settle(await room.edit(ref, actor, c.req.valid("param").seq, c.req.valid("json").text)) }, 200);
  })
  .openapi(deleteRoute, async (c) => {
    const { ref, actor, room } = scope(c);
    return c.json({ data: settle(await room.remove(ref, actor, c.req.valid("param").seq)) }, 200);
  })
  .openapi(reactRoute, async (c) => {
    const { ref, actor, room } = scope(c);
    const { seq, emoji } = c.req.valid("param");
    return c.json({ data: settle(await room.react(ref, actor, seq, emojiOf(emoji), true)) }, 200);
  })
  .openapi(unreactRoute, async (c) => {
    const { ref, actor, room } = scope(c);
    const { seq, emoji } = c.req.valid("param");
    return c.json({ data: settle(await room.react(ref, actor, seq, emojiOf(emoji), false)) }, 200);
  })
  .openapi(voteRoute, async (c) => {
    const { ref, actor, room } = scope(c);
    return c.json({ data: settle(await room.vote(ref, actor, c.req.valid("param").seq, c.req.valid("json").options)) }, 200);
  })
  .openapi(closePollRoute, async (c) => {
    const { ref, actor, room } = scope(c);
    return c.json({ data: settle(await room.closePoll(ref, actor, c.req.valid("param").seq)) }, 200);
  })
  .openapi(readRoute, async (c) => {
    const { ref, actor, room } = scope(c);
    const { seq } = settle(await room.read(ref, actor, c.req.valid("json").seq));
    return c.json({ data: { last_read_seq: seq } }, 200);
  });
