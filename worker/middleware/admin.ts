import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { forbidden } from "../lib/errors";

// After requireAuth: the flag is read from the user row the session check just loaded, so
// an administrator whose rights were removed loses them on their next request.
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.user.isAdmin) throw forbidden("Only administrators can do that.");
  await next();
});
