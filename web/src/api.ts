import type { AuthResult, ErrorEnvelope, LoginBody, RegisterBody, User } from "../../schema/api";

// The one way the PWA talks to the API: the bearer token goes on, the envelope comes
// off, and every failure arrives as an ApiError the views know how to show.

export const OFFLINE = "offline";

export class ApiError extends Error {
  /** Server-side field problems keyed by field name ("username", "password", …). */
  readonly fieldErrors: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds to wait before trying again, for a 429. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "ApiError";
    this.fieldErrors = fieldErrorsOf(details);
  }
}

function fieldErrorsOf(details: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!Array.isArray(details)) return errors;
  for (const entry of details as unknown[]) {
    if (typeof entry !== "object" || entry === null) continue;
    const { field, message } = entry as { field?: unknown; message?: unknown };
    // The first problem per field is the one to fix first; more would crowd the form.
    if (typeof field === "string" && typeof message === "string") errors[field] ??= message;
  }
  return errors;
}

/** How requests get and renew the access token; the session model provides it. */
export interface Credentials {
  token(): string | null;
  /** Gets a new access token; resolves false when the session is over. */
  renew(): Promise<boolean>;
}

let credentials: Credentials = { token: () => null, renew: async () => false };

export const provideCredentials = (provided: Credentials) => {
  credentials = provided;
};

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

interface RequestOptions {
  /** Sign-in and refresh go without the bearer token: their 401 means "no", not "renew". */
  anonymous?: boolean;
}

export async function request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const token = options.anonymous ? null : credentials.token();
  const response = await send(method, path, body, token);
  // An access token can expire between the scheduled refreshes (a laptop waking up);
  // one renewal and one retry, never a loop.
  if (response.status === 401 && token !== null && (await credentials.renew())) {
    return unwrap<T>(await send(method, path, body, credentials.token()));
  }
  return unwrap<T>(response);
}

async function send(method: Method, path: string, body: unknown, token: string | null): Promise<Response> {
  const headers = new Headers({ Accept: "application/json" });
  if (token !== null) headers.set("Authorization", `Bearer ${token}`);
  if (body !== undefined) headers.set("Content-Type", "application/json");
  try {
    return await fetch(`/api${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, OFFLINE, "You're offline. Check your connection and try again.");
  }
}

async function unwrap<T>(response: Response): Promise<T> {
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok && isObject(payload) && "data" in payload) return payload.data as T;
  if (isObject(payload) && isObject(payload.error)) {
    const { code, message, details } = (payload as ErrorEnvelope).error;
    throw new ApiError(response.status, code, message, details, retryAfterOf(response, details));
  }
  // Not the API's envelope: a proxy's error page or a deploy in progress.
  throw new ApiError(response.status, "unavailable", "Parley can't be reached right now. Try again in a moment.");
}

function retryAfterOf(response: Response, details: unknown): number | undefined {
  const header = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
  if (Number.isFinite(header)) return header;
  const fromDetails = isObject(details) ? details.retry_after : undefined;
  return typeof fromDetails === "number" ? fromDetails : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

// Browsers keep the refresh token in an HttpOnly cookie (session_cookie: true), so page
// scripts never hold it; refresh sends an empty body and lets the cookie carry it.

export const register = (body: Omit<RegisterBody, "session_cookie">) =>
  request<AuthResult>("POST", "/auth/register", { ...body, session_cookie: true }, { anonymous: true });

export const login = (body: Omit<LoginBody, "session_cookie">) =>
  request<AuthResult>("POST", "/auth/login", { ...body, session_cookie: true }, { anonymous: true });

export const refresh = () => request<AuthResult>("POST", "/auth/refresh", {}, { anonymous: true });

export const logout = () => request<null>("POST", "/auth/logout");

export const me = () => request<User>("GET", "/me");
