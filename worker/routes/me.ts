import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { dataOf, PatchMeBody, User } from "../../schema/api";
import { users } from "../../schema/tables";
import { database } from "../lib/db";
import { invalidRequest } from "../lib/errors";
import { bearer, createRouter, errorResponses, json } from "../lib/router";
import { toApiUser } from "../lib/users";
import { requireAuth } from "../middleware/auth";

const getMeRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["People"],
  summary: "Your own profile",
  security: bearer,
  middleware: [requireAuth] as const,
  responses: { 200: { description: "You", content: json(dataOf(User)) }, ...errorResponses(401, 403) },
});

const patchMeRoute = createRoute({
  method: "patch",
  path: "/",
  tags: ["People"],
  summary: "Change your display name, bio or avatar",
  security: bearer,
  middleware: [requireAuth] as const,
  request: { body: { content: json(PatchMeBody), required: true } },
  responses: {
    200: { description: "The updated profile", content: json(dataOf(User)) },
    ...errorResponses(400, 401, 403, 413, 415),
  },
});

export const me = createRouter()
  .openapi(getMeRoute, (c) => c.json({ data: toApiUser(c.var.user) }, 200))
  .openapi(patchMeRoute, async (c) => {
    const body = c.req.valid("json");
    // Avatars are uploads the caller owns; until one exists under that id, the
    // reference is refused rather than stored dangling.
    if (typeof body.avatar_upload_id === "string") {
      throw invalidRequest("avatar_upload_id: no upload with that id belongs to you", [
        { field: "avatar_upload_id", message: "no upload with that id belongs to you" },
      ]);
    }
    const [row] = await database(c.env.DB)
      .update(users)
      .set({
        ...(body.display_name !== undefined && { displayName: body.display_name }),
        ...(body.bio !== undefined && { bio: body.bio }),
        ...(body.avatar_upload_id === null && { avatarUploadId: null }),
      })
      .where(eq(users.id, c.var.user.id))
      .returning();
    return c.json({ data: toApiUser(row!) }, 200);
  });
