import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { dataOf, IdParam, User, UserSearchQuery } from "../../schema/api";
import { database } from "../lib/db";
import { notFound } from "../lib/errors";
import { findPeople } from "../lib/peopleSearch";
import { bearer, createRouter, errorResponses, json } from "../lib/router";
import { findUserById, toApiUser } from "../lib/users";
import { requireAuth } from "../middleware/auth";

const searchRoute = createRoute({
  method: "get",
  path: "/search",
  tags: ["People"],
  summary: "Find people by username or display name",
  description: "Exact username first, then usernames starting with the query, then display names containing it.",
  security: bearer,
  middleware: [requireAuth] as const,
  request: { query: UserSearchQuery },
  responses: { 200: { description: "Matching people", content: json(dataOf(z.array(User))) }, ...errorResponses(400, 401, 403) },
});

const getUserRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["People"],
  summary: "One person's profile",
  description: "A deleted account answers with the name \"Deleted User\" and an empty username, bio and avatar.",
  security: bearer,
  middleware: [requireAuth] as const,
  request: { params: IdParam },
  responses: { 200: { description: "The person", content: json(dataOf(User)) }, ...errorResponses(401, 403, 404) },
});

export const people = createRouter()
  .openapi(searchRoute, async (c) => {
    const { q, limit } = c.req.valid("query");
    const rows = await findPeople(database(c.env.DB), q, limit);
    return c.json({ data: rows.map(toApiUser) }, 200);
  })
  .openapi(getUserRoute, async (c) => {
    const row = await findUserById(database(c.env.DB), c.req.valid("param").id);
    // A deleted account still answers, as "Deleted User": clients name the sender of its
    // old messages from here.
    if (!row) throw notFound("user");
    return c.json({ data: toApiUser(row) }, 200);
  });
