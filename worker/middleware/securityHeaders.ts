import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { API_CONTENT_SECURITY_POLICY, COMMON_SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY } from "../lib/securityHeaders";

// A route that sets its own policy keeps it: file downloads add `sandbox`, the API
// reference allows its inline styles.
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const headers = c.res.headers;
  if (!headers.has("Content-Security-Policy")) c.header("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
  for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) c.header(name, value);
  if (new URL(c.req.url).protocol === "https:") c.header("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
});
