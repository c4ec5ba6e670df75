import type { AuthResult, ErrorEnvelope, LoginBody, Me, PatchMeBody, RegisterBody, Session, User } from "../../schema/api";
import type { AdminReport, AdminStats, AdminUserDetail, AdminUserPage, AuditPage, Report, ReportBody, ReportPage, ResolveBody } from "../../schema/admin";
import type { PushSubscription, PushSubscriptionBody } from "../../schema/push";
import type { History, Message, SendInput } from "../../schema/messages";
import type { SearchResults } from "../../schema/search";
import type { Upload } from "../../schema/uploads";
import type {
  AddMemberBody,
  CreateInviteBody,
  CreateRoomBody,
  Invite,
  InvitePreview,
  Member,
  PatchRoomBody,
  Room,
  RoomDetail,
  RoomSettingsBody,
  Ticket,
} from "../../schema/rooms";

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
  // Opened from the cache, the app may ask before the session is confirmed: wait for it.
  if (!options.anonymous && credentials.token() === null) await credentials.renew().catch(() => false);
  const token = options.anonymous ? null : credentials.token();
  const response = await send(method, path, body, token);
  // An access token can expire between the scheduled refreshes (a laptop waking up);
  // one renewal and one retry, never a loop.
  if (response.status === 401 && token !== null && (await tokenRefused(response)) && (await credentials.renew())) {
    return unwrap<T>(await send(method, path, body, credentials.token()));
  }
  return unwrap<T>(response);
}

// A wrong password confirming an action (deleting the account) is also a 401, but a new
// token cannot fix it, and repeating it would count a second failed attempt.
async function tokenRefused(response: Response): Promise<boolean> {
  const payload: unknown = await response.clone().json().catch(() => undefined);
  return !(isObject(payload) && isObject(payload.error) && payload.error.code === "invalid_credentials");
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
  return unwrapPayload<T>(response.ok, response.status, payload, (name) => response.headers.get(name));
}

function unwrapPayload<T>(ok: boolean, status: number, payload: unknown, header: (name: string) => string | null): T {
  if (ok && isObject(payload) && "data" in payload) return payload.data as T;
  if (isObject(payload) && isObject(payload.error)) {
    const { code, message, details } = (payload as ErrorEnvelope).error;
    throw new ApiError(status, code, message, details, retryAfterOf(header, details));
  }
  // Not the API's envelope: a proxy's error page or a deploy in progress.
  throw new ApiError(status, "unavailable", "Parley can't be reached right now. Try again in a moment.");
}

function retryAfterOf(header: (name: string) => string | null, details: unknown): number | undefined {
  const fromHeader = Number.parseInt(header("Retry-After") ?? "", 10);
  if (Number.isFinite(fromHeader)) return fromHeader;
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

export const me = () => request<Me>("GET", "/me");

export const updateMe = (body: PatchMeBody) => request<Me>("PATCH", "/me", body);

/** Deletes the account for good; the password confirms it is really its owner. */
export const deleteMe = (password: string) => request<null>("DELETE", "/me", { password });

/** Your data as the file the server names (GET /api/me/export); failures arrive as ApiError. */
export async function exportMyData(): Promise<{ file: Blob; name: string }> {
  if (credentials.token() === null) await credentials.renew().catch(() => false);
  const token = credentials.token();
  let response = await send("GET", "/me/export", undefined, token);
  if (response.status === 401 && token !== null && (await credentials.renew())) {
    response = await send("GET", "/me/export", undefined, credentials.token());
  }
  if (!response.ok) return unwrap<never>(response);
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "parley-export.json";
  return { file: await response.blob(), name };
}

export const sessions = () => request<Session[]>("GET", "/auth/sessions");

export const revokeSession = (id: string) => request<null>("DELETE", `/auth/sessions/${enc(id)}`);

export const searchUsers = (q: string, limit = 20) => request<User[]>("GET", `/users/search?${new URLSearchParams({ q, limit: String(limit) })}`);

export const user = (id: string) => request<User>("GET", `/users/${enc(id)}`);

// ---- rooms ----

export const rooms = () => request<Room[]>("GET", "/rooms");

export const room = (id: string) => request<RoomDetail>("GET", `/rooms/${enc(id)}`);

export const createRoom = (body: CreateRoomBody) => request<Room>("POST", "/rooms", body);

export const openDirectRoom = (userId: string) => request<Room>("POST", "/rooms/direct", { user_id: userId });

export const updateRoom = (id: string, body: PatchRoomBody) => request<Room>("PATCH", `/rooms/${enc(id)}`, body);

export const addMember = (id: string, body: AddMemberBody) => request<Member>("POST", `/rooms/${enc(id)}/members`, body);

/** Removes a member; with the caller's own id, leaves the room. */
export const removeMember = (id: string, userId: string) => request<null>("DELETE", `/rooms/${enc(id)}/members/${enc(userId)}`);

export const updateRoomSettings = (id: string, body: RoomSettingsBody) => request<Room>("PUT", `/rooms/${enc(id)}/settings`, body);

export const createInvite = (id: string, body: CreateInviteBody = {}) => request<Invite>("POST", `/rooms/${enc(id)}/invites`, body);

export const previewInvite = (token: string) => request<InvitePreview>("GET", `/invites/${enc(token)}`, undefined, { anonymous: true });

export const joinInvite = (token: string) => request<Room>("POST", `/invites/${enc(token)}/join`);

// ---- messages ----

export const history = (id: string, query: { after_seq?: number; before_seq?: number; limit?: number }) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return request<History>("GET", `/rooms/${enc(id)}/messages?${params}`);
};

export const sendMessage = (id: string, body: SendInput) => request<Message>("POST", `/rooms/${enc(id)}/messages`, body);

export const editMessage = (id: string, seq: number, text: string) => request<Message>("PATCH", `/rooms/${enc(id)}/messages/${seq}`, { text });

export const deleteMessage = (id: string, seq: number) => request<Message>("DELETE", `/rooms/${enc(id)}/messages/${seq}`);

export const react = (id: string, seq: number, emoji: string, on: boolean) =>
  request<Message>(on ? "PUT" : "DELETE", `/rooms/${enc(id)}/messages/${seq}/reactions/${enc(emoji)}`);

export const vote = (id: string, seq: number, options: number[]) => request<Message>("PUT", `/rooms/${enc(id)}/messages/${seq}/vote`, { options });

export const closePoll = (id: string, seq: number) => request<Message>("POST", `/rooms/${enc(id)}/messages/${seq}/close`);

export const markRead = (id: string, seq: number) => request<{ last_read_seq: number }>("POST", `/rooms/${enc(id)}/read`, { seq });

// ---- search ----

export const search = (query: { q: string; room_id?: string; cursor?: string; limit?: number }) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return request<SearchResults>("GET", `/search?${params}`);
};

// ---- files ----

/**
 * Uploads one file (multipart, part "file"). XMLHttpRequest rather than fetch: it reports
 * upload progress. `onProgress` gets the fraction sent (0–1); aborting `signal` rejects
 * with an AbortError DOMException.
 */
export async function uploadFile(file: Blob, name: string, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<Upload> {
  if (credentials.token() === null) await credentials.renew().catch(() => false);
  const token = credentials.token();
  const first = await sendUpload(file, name, token, onProgress, signal);
  if (first.status === 401 && token !== null && (await credentials.renew())) {
    const second = await sendUpload(file, name, credentials.token(), onProgress, signal);
    return unwrapPayload<Upload>(second.ok, second.status, second.payload, second.header);
  }
  return unwrapPayload<Upload>(first.ok, first.status, first.payload, first.header);
}

interface XhrResult {
  ok: boolean;
  status: number;
  payload: unknown;
  header: (name: string) => string | null;
}

function sendUpload(file: Blob, name: string, token: string | null, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<XhrResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException("Upload cancelled", "AbortError"));
    const xhr = new XMLHttpRequest();
    const form = new FormData();
    form.append("file", file, name);
    xhr.open("POST", "/api/uploads");
    xhr.setRequestHeader("Accept", "application/json");
    if (token !== null) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    const onAbort = () => xhr.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);
    xhr.onload = () => {
      done();
      let payload: unknown;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        payload = undefined;
      }
      resolve({ ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status, payload, header: (h) => xhr.getResponseHeader(h) });
    };
    xhr.onerror = () => {
      done();
      reject(new ApiError(0, OFFLINE, "You're offline. Check your connection and try again."));
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException("Upload cancelled", "AbortError"));
    };
    xhr.send(form);
  });
}

// ---- real time ----

export const socketTicket = () => request<Ticket>("POST", "/realtime/ticket");

// ---- push notifications ----

export const vapidPublicKey = () => request<{ key: string }>("GET", "/push/vapid-public-key", undefined, { anonymous: true });

export const subscribePush = (body: PushSubscriptionBody) => request<PushSubscription>("POST", "/push/subscriptions", body);

export const unsubscribePush = (endpoint: string) => request<null>("DELETE", "/push/subscriptions", { endpoint });

// ---- reports and administration ----

export const reportMessage = (id: string, seq: number, body: ReportBody) => request<Report>("POST", `/rooms/${enc(id)}/messages/${seq}/report`, body);

const paged = (query: Record<string, string | number | undefined>) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(key, String(value));
  return params;
};

export const adminStats = () => request<AdminStats>("GET", "/admin/stats");

export const adminUsers = (query: { q?: string; cursor?: string; limit?: number }) => request<AdminUserPage>("GET", `/admin/users?${paged(query)}`);

export const adminUser = (id: string) => request<AdminUserDetail>("GET", `/admin/users/${enc(id)}`);

export type AccountAction = "block" | "unblock" | "delete";

export const adminAccountAction = (id: string, action: AccountAction) => request<AdminUserDetail>("POST", `/admin/users/${enc(id)}/${action}`);

export const adminSetAdmin = (id: string, isAdmin: boolean) => request<AdminUserDetail>("PUT", `/admin/users/${enc(id)}/admin`, { is_admin: isAdmin });

export const adminReports = (query: { status: "open" | "resolved"; cursor?: string; limit?: number }) =>
  request<ReportPage>("GET", `/admin/reports?${paged(query)}`);

export const resolveReport = (id: string, action: ResolveBody["action"]) => request<AdminReport>("POST", `/admin/reports/${enc(id)}/resolve`, { action });

export const adminAudit = (cursor?: string) => request<AuditPage>("GET", `/admin/audit?${paged({ cursor })}`);

const enc = encodeURIComponent;
