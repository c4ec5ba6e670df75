import { createRoute } from "@hono/zod-openapi";
import { and, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import { dataOf, IdParam, User, UserSearchQuery } from "../../schema/api";
import { users } from "../../schema/tables";
import { database } from "../lib/db";
import { notFound } from "../lib/errors";
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

// LIKE treats % and _ as wildcards; a query is matched literally.
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export const people = createRouter()
  .openapi(searchRoute, async (c) => {
    const { q, limit } = c.req.valid("query");
    const needle = q.toLowerCase();
    const prefix = `${likeEscape(needle)}%`;
    const contains = `%${likeEscape(needle)}%`;
    const rows = await database(c.env.DB)
      .select()
      .from(users)
      .where(
        and(
          eq(users.status, "active"),
          or(
            sql`${users.username} LIKE ${prefix} ESCAPE '\\'`,
            sql`lower(${users.displayName}) LIKE ${contains} ESCAPE '\\'`,
          ),
        ),
      )
      .orderBy(
        sql`CASE WHEN ${users.username} = ${needle} THEN 0 WHEN ${users.username} LIKE ${prefix} ESCAPE '\\' THEN 1 ELSE 2 END`,
        users.username,
      )
      .limit(limit)
      .all();
    return c.json({ data: rows.map(toApiUser) }, 200);
  })
  .openapi(getUserRoute, async (c) => {
    const row = await findUserById(database(c.env.DB), c.req.valid("param").id);
    // A deleted account still answers, as "Deleted User": clients name the sender of its
    // old messages from here.
    if (!row) throw notFound("user");
    return c.json({ data: toApiUser(row) }, 200);
  });
