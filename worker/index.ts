import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { version } from "../package.json";
import { renderApiReference } from "./lib/apiReference";
import { ApiError, errorBody, payloadTooLarge } from "./lib/errors";
import { describeError, log } from "./lib/log";
import { createRouter } from "./lib/router";
import { runMaintenance } from "./maintenance";
import { requestLog, routePattern } from "./middleware/requestLog";
import { securityHeaders } from "./middleware/securityHeaders";
import { adminRoutes } from "./routes/admin";
import { auth } from "./routes/auth";
import { dataExport } from "./routes/export";
import { health } from "./routes/health";
import { inviteRoutes } from "./routes/invites";
import { me } from "./routes/me";
import { messageRoutes } from "./routes/messages";
import { pushRoutes } from "./routes/push";
import { realtimeRoutes } from "./routes/realtime";
import { reportRoutes } from "./routes/reports";
import { uploadRoutes } from "./routes/uploads";
import { roomRoutes } from "./routes/rooms";
import { searchRoutes } from "./routes/search";
import { people } from "./routes/users";

export { Inbox } from "./inbox/Inbox";
export { RateLimiter } from "./limiter/RateLimiter";
export { Room } from "./room/Room";

const JSON_BODY_LIMIT = 64 * 1024;

const HTTP_CODES: Partial<Record<number, string>> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  426: "upgrade_required",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

const app = createRouter();

app.use("*", requestLog, securityHeaders);
app.use("/api/*", async (c, next) => {
  await next();
  if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
});

const jsonBodyLimit = bodyLimit({
  maxSize: JSON_BODY_LIMIT,
  onError: () => {
    throw payloadTooLarge(JSON_BODY_LIMIT);
  },
});
// Uploads stream their bodies and enforce their own, larger limit while doing so.
app.use("/api/*", (c, next) => (c.req.method === "POST" && c.req.path === "/api/uploads" ? next() : jsonBodyLimit(c, next)));

const routes = app
  .route("/api/auth", auth)
  .route("/api/me", me)
  .route("/api/me/export", dataExport)
  .route("/api/users", people)
  .route("/api/rooms", roomRoutes)
  .route("/api/rooms", messageRoutes)
  .route("/api/rooms", reportRoutes)
  .route("/api", inviteRoutes)
  .route("/api", realtimeRoutes)
  .route("/api/uploads", uploadRoutes)
  .route("/api/search", searchRoutes)
  .route("/api/push", pushRoutes)
  .route("/api/admin", adminRoutes)
  .route("/api/health", health);

app.openAPIRegistry.registerComponent("securitySchemes", "Bearer", {
  type: "http",
  scheme: "bearer",
  bearerFormat: "JWT",
});

let openApiDocument: ReturnType<typeof app.getOpenAPI31Document> | undefined;
const apiDocument = () =>
  (openApiDocument ??= app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Parley API",
      version,
      description:
        'Every answer is JSON: {"data": …} on success, {"error": {"code", "message", "details"?}} on failure. Authenticated calls send Authorization: Bearer <access_token>.',
    },
  }));

app.get("/api/openapi.json", (c) => c.json(apiDocument()));
app.get("/api/docs", (c) => {
  c.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'");
  c.header("Cache-Control", "no-cache");
  return c.html(renderApiReference(JSON.parse(JSON.stringify(apiDocument()))));
});

app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}.`), 404));

app.onError((error, c) => {
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
    return c.json(errorBody(error.code, error.message, error.details), error.status);
  }
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status as ContentfulStatusCode;
    return c.json(errorBody(HTTP_CODES[status] ?? "invalid_request", error.message || "The request was refused."), status);
  }
  log("error", "unhandled_error", { request_id: c.get("requestId"), method: c.req.method, route: routePattern(c), ...describeError(error) });
  return c.json(errorBody("internal", "Something went wrong on our side. Try again."), 500);
});

export type AppType = typeof routes;

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runMaintenance(env));
  },
} satisfies ExportedHandler<Env>;
