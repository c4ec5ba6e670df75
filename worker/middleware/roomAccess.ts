import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { database } from "../lib/db";
import { notFound } from "../lib/errors";
import { findMembership } from "../rooms/membership";

// Rooms the caller is not in answer 404, exactly like rooms that do not exist.
export const requireMember = createMiddleware<AppEnv>(async (c, next) => {
  const roomId = c.req.param("id");
  const membership = roomId ? await findMembership(database(c.env.DB), roomId, c.var.user.id) : null;
  if (!membership) throw notFound("room");
  c.set("membership", membership);
  await next();
});
