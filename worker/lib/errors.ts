import type { ContentfulStatusCode } from "hono/utils/http-status";

// Every failure leaves the worker as the contract's envelope:
// {"error": {"code", "message", "details"?}}. Routes throw ApiError; onError shapes it.
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

export const invalidRequest = (message: string, details?: FieldProblem[]) =>
  new ApiError(400, "invalid_request", message, details);
export const unauthorized = (message = "Sign in to continue.") =>
  new ApiError(401, "unauthorized", message, undefined, { "WWW-Authenticate": 'Bearer realm="parley"' });
export const invalidCredentials = () =>
  new ApiError(401, "invalid_credentials", "The username or password is incorrect.");
export const accountDisabled = () =>
  new ApiError(403, "account_disabled", "This account has been disabled.");
export const forbidden = (message = "You are not allowed to do that.") => new ApiError(403, "forbidden", message);
export const notFound = (what = "resource") => new ApiError(404, "not_found", `No such ${what}.`);
export const conflict = (message: string, details?: FieldProblem[]) => new ApiError(409, "conflict", message, details);
export const payloadTooLarge = (limitBytes: number) =>
  new ApiError(413, "payload_too_large", `The request body is larger than ${limitBytes} bytes.`);
export const unsupportedMediaType = (expected: string) =>
  new ApiError(415, "unsupported_media_type", `Send the body as ${expected}.`);
export const rateLimited = (retryAfterSeconds: number) =>
  new ApiError(
    429,
    "rate_limited",
    `Too many attempts. Try again in ${retryAfterSeconds} seconds.`,
    { retry_after: retryAfterSeconds },
    { "Retry-After": String(retryAfterSeconds) },
  );

export const errorBody = (code: string, message: string, details?: unknown) => ({
  error: details === undefined ? { code, message } : { code, message, details },
});
