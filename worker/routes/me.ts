import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { dataOf, DeleteMeBody, Me, PatchMeBody } from "../../schema/api";
import { users } from "../../schema/tables";
import { deleteAccount } from "../lib/accountDeletion";
import { database } from "../lib/db";
import { invalidCredentials, invalidRequest, rateLimited } from "../lib/errors";
import { clearLoginFailures, clientAddress, loginRetryAfter, recordLoginFailure } from "../lib/loginLimits";
import { verifyPassword } from "../lib/password";
import { clearRefreshCookie } from "../lib/refreshCookie";
import { bearer, createRouter, errorResponses, json } from "../lib/router";
import { toMe } from "../lib/users";
import { claimPicture, dropPicture } from "../uploads/files";
import { requireAuth } from "../middleware/auth";

const getMeRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["People"],
  summary: "Your own profile",
  security: bearer,
  middleware: [requireAuth] as const,
  responses: { 200: { description: "You, with your settings", content: json(dataOf(Me)) }, ...errorResponses(401, 403) },
});

const patchMeRoute = createRoute({
  method: "patch",
  path: "/",
  tags: ["People"],
  summary: "Change your display name, bio, avatar or notification setting",
  security: bearer,
  middleware: [requireAuth] as const,
  request: { body: { content: json(PatchMeBody), required: true } },
  responses: {
    200: { description: "The updated profile", content: json(dataOf(Me)) },
    ...errorResponses(400, 401, 403, 413, 415),
  },
});

const deleteMeRoute = createRoute({
  method: "delete",
  path: "/",
  tags: ["People"],
  summary: "Delete your account",
  description:
    "Confirmed with the password, under the sign-in attempt limits. The profile is erased and the username freed; every device session and socket ends; you leave every room (ownership passes on as when an owner leaves). Your messages stay, shown as from \"Deleted User\".",
  security: bearer,
  middleware: [requireAuth] as const,
  request: { body: { content: json(DeleteMeBody), required: true } },
  responses: {
    200: { description: "Deleted", content: json(dataOf(z.null())) },
    ...errorResponses(400, 401, 403, 415, 429),
  },
});

export const me = createRouter()
  .openapi(getMeRoute, (c) => c.json({ data: toMe(c.var.user) }, 200))
  .openapi(patchMeRoute, async (c) => {
    const body = c.req.valid("json");
    const db = database(c.env.DB);
    // An avatar is an image the caller uploaded and has not posted anywhere.
    if (typeof body.avatar_upload_id === "string" && body.avatar_upload_id !== c.var.user.avatarUploadId) {
      const claim = await claimPicture(db, body.avatar_upload_id, c.var.user.id, null);
      if (!claim.ok) throw invalidRequest(`avatar_upload_id: ${claim.message}`, [{ field: "avatar_upload_id", message: claim.message }]);
    }
    const [row] = await db
      .update(users)
      .set({
        ...(body.display_name !== undefined && { displayName: body.display_name }),
        ...(body.bio !== undefined && { bio: body.bio }),
        ...(body.avatar_upload_id !== undefined && { avatarUploadId: body.avatar_upload_id }),
        ...(body.notifications !== undefined && { notifications: body.notifications }),
      })
      .where(eq(users.id, c.var.user.id))
      .returning();
    c.executionCtx.waitUntil(dropPicture(db, c.env.FILES, c.var.user.avatarUploadId, body.avatar_upload_id));
    return c.json({ data: toMe(row!) }, 200);
  })
  .openapi(deleteMeRoute, async (c) => {
    const { password } = c.req.valid("json");
    const user = c.var.user;
    // A stolen access token must not be enough to guess the password here either, so the
    // same failure counts as sign-in apply.
    const address = clientAddress(c.req.raw.headers);
    const wait = await loginRetryAfter(c.env, user.username, address);
    if (wait > 0) throw rateLimited(wait);
    if (!(await verifyPassword(password, user.passwordHash)).ok) {
      await recordLoginFailure(c.env, user.username, address);
      throw invalidCredentials();
    }
    await clearLoginFailures(c.env, user.username);
    await deleteAccount(c.env, user.id);
    clearRefreshCookie(c);
    return c.json({ data: null }, 200);
  });
