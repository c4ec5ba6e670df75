import { batch, signal } from "@preact/signals";
import type { AuthResult, LoginBody, RegisterBody, User } from "../../../schema/api";
import * as api from "../api";
import { ApiError, OFFLINE } from "../api";
import { deleteAccountStore } from "../store/db";

export type SessionStatus = "loading" | "signed-out" | "signed-in";

// The access token lives only here, in memory. The refresh token is an HttpOnly cookie
// the page never sees; a reload restores the session by exchanging it.
export const accessToken = signal<string | null>(null, { name: "accessToken" });
export const currentUser = signal<User | null>(null, { name: "currentUser" });
export const sessionStatus = signal<SessionStatus>("loading", { name: "sessionStatus" });
/** Why the last attempt to restore a session could not ask the server, if it could not. */
export const restoreProblem = signal<"offline" | "unavailable" | null>(null, { name: "restoreProblem" });

const RENEW_BEFORE_EXPIRY_MS = 60_000;
const MIN_RENEW_DELAY_MS = 5_000;
const RETRY_RENEW_MS = 30_000;
const REFRESH_LOCK = "parley-refresh";
const RETRY_RESTORE_MS = 15_000;
// Who was signed in, so the app can open offline; never a token.
const CACHED_USER_KEY = "parley.user";

type SessionMessage = { type: "signed-in" } | { type: "signed-out"; deliberate: boolean };
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("parley-session") : null;

let renewAt = Number.POSITIVE_INFINITY;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let renewal: Promise<boolean> | null = null;
let restoreTimer: ReturnType<typeof setTimeout> | undefined;
let endedOnPurpose = false;

/** The session ended because the person signed out (here or in another tab), not because it ran out. */
export const signedOutOnPurpose = () => endedOnPurpose;

function cachedUser(): User | null {
  try {
    const saved = JSON.parse(localStorage.getItem(CACHED_USER_KEY) ?? "null") as User | null;
    return saved && typeof saved.id === "string" ? saved : null;
  } catch {
    return null;
  }
}

/** Keeps the cached copy in step when the person edits their profile. */
export function updateCurrentUser(user: User) {
  currentUser.value = user;
  localStorage.setItem(CACHED_USER_KEY, JSON.stringify(user));
}

function adopt(result: AuthResult) {
  clearTimeout(restoreTimer);
  endedOnPurpose = false;
  localStorage.setItem(CACHED_USER_KEY, JSON.stringify(result.user));
  batch(() => {
    accessToken.value = result.access_token;
    currentUser.value = result.user;
    sessionStatus.value = "signed-in";
    restoreProblem.value = null;
  });
  scheduleRenewal(Math.max(result.expires_in * 1000 - RENEW_BEFORE_EXPIRY_MS, MIN_RENEW_DELAY_MS));
}

// Whatever ended the session (signing out here or in another tab, a revocation, a refused
// refresh), this browser forgets the account's messages, outbox and drafts with it.
function end(announce: boolean) {
  clearTimeout(renewTimer);
  clearTimeout(restoreTimer);
  renewAt = Number.POSITIVE_INFINITY;
  const userId = currentUser.peek()?.id ?? cachedUser()?.id;
  localStorage.removeItem(CACHED_USER_KEY);
  batch(() => {
    accessToken.value = null;
    currentUser.value = null;
    sessionStatus.value = "signed-out";
  });
  if (userId) void deleteAccountStore(userId).catch(() => undefined);
  if (announce) channel?.postMessage({ type: "signed-out", deliberate: endedOnPurpose } satisfies SessionMessage);
}

/** The server ended this session (revoked from another device): sign out here too. */
export function sessionEndedByServer() {
  if (sessionStatus.peek() === "signed-in") end(true);
}

function scheduleRenewal(delay: number) {
  clearTimeout(renewTimer);
  renewAt = Date.now() + delay;
  renewTimer = setTimeout(renewOrRetry, delay);
}

// A failed scheduled renewal (offline) keeps the current token and tries again soon; the
// 401 retry in api.ts covers the gap if the token expires meanwhile.
const renewOrRetry = () => void renew().catch(() => scheduleRenewal(RETRY_RENEW_MS));

// Every tab shares the one cookie, and the server ends a session whose refresh token is
// presented twice: the lock makes tabs take turns, so each sends the cookie the previous
// exchange left behind.
const withRefreshLock = <T>(task: () => Promise<T>): Promise<T> =>
  "locks" in navigator ? navigator.locks.request(REFRESH_LOCK, task) : task();

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one
 * exchange. Resolves false when the session is over; rejects when the server is unreachable.
 */
export function renew(): Promise<boolean> {
  renewal ??= withRefreshLock(api.refresh)
    .then(
      (result) => {
        adopt(result);
        return true;
      },
      (error: unknown) => {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          end(sessionStatus.peek() === "signed-in");
          return false;
        }
        throw error;
      },
    )
    .finally(() => {
      renewal = null;
    });
  return renewal;
}

api.provideCredentials({ token: () => accessToken.peek(), renew });

/**
 * On start (and when the network or another tab says so): pick up the cookie's session, if
 * any. When the server cannot be asked, the person who was signed in here stays signed in
 * from the cached copy, offline, until the server can renew the session (or refuses it).
 */
export async function restore(): Promise<void> {
  clearTimeout(restoreTimer);
  // Whoever was signed in here sees their rooms at once, from this device's store, while
  // the server confirms the session; a refusal signs them out and clears it all.
  const cached = sessionStatus.peek() === "loading" ? cachedUser() : null;
  if (cached) {
    batch(() => {
      currentUser.value = cached;
      sessionStatus.value = "signed-in";
    });
  }
  try {
    await renew();
    restoreProblem.value = null;
  } catch (error) {
    const cached = cachedUser();
    batch(() => {
      restoreProblem.value = error instanceof ApiError && error.code === OFFLINE ? "offline" : "unavailable";
      if (sessionStatus.peek() !== "loading") return;
      if (cached) currentUser.value = cached;
      sessionStatus.value = cached ? "signed-in" : "signed-out";
    });
    // "online" covers a network that comes back; a server that was down needs asking again.
    if (sessionStatus.peek() === "signed-in" && accessToken.peek() === null) restoreTimer = setTimeout(restore, RETRY_RESTORE_MS);
  }
}

export async function signUp(body: Omit<RegisterBody, "session_cookie">): Promise<void> {
  adopt(await api.register(body));
  channel?.postMessage({ type: "signed-in" } satisfies SessionMessage);
}

export async function signIn(body: Omit<LoginBody, "session_cookie">): Promise<void> {
  adopt(await api.login(body));
  channel?.postMessage({ type: "signed-in" } satisfies SessionMessage);
}

/**
 * Ends this device session on the server, which also clears the cookie. Offline, that
 * cannot happen, so the error reaches the caller and the session stays: showing the
 * sign-in page while a reload would sign the person straight back in would be a lie.
 */
export async function signOut(): Promise<void> {
  // Set first: the server's revocation notice on the inbox socket can beat logout's answer.
  endedOnPurpose = true;
  try {
    await api.logout();
  } catch (error) {
    // 401: the session had already ended on the server.
    if (!(error instanceof ApiError && error.status === 401)) {
      endedOnPurpose = false;
      throw error;
    }
  }
  if (sessionStatus.peek() === "signed-in") end(true);
}

channel?.addEventListener("message", (event: MessageEvent<SessionMessage>) => {
  if (event.data.type === "signed-out") {
    // This tab may be signing out itself, with another tab's notice arriving first.
    endedOnPurpose ||= event.data.deliberate;
    end(false);
  }
  else if (sessionStatus.peek() !== "signed-in") void restore();
});

// Timers are throttled in hidden tabs, so a scheduled renewal can come too late.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && Date.now() >= renewAt) renewOrRetry();
});

addEventListener("online", () => {
  if (restoreProblem.peek() !== null) void restore();
});
