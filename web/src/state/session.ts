import { batch, signal } from "@preact/signals";
import type { AuthResult, LoginBody, RegisterBody, User } from "../../../schema/api";
import * as api from "../api";
import { ApiError, OFFLINE } from "../api";

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

type SessionMessage = { type: "signed-in" } | { type: "signed-out" };
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("parley-session") : null;

let renewAt = Number.POSITIVE_INFINITY;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let renewal: Promise<boolean> | null = null;

function adopt(result: AuthResult) {
  batch(() => {
    accessToken.value = result.access_token;
    currentUser.value = result.user;
    sessionStatus.value = "signed-in";
    restoreProblem.value = null;
  });
  scheduleRenewal(Math.max(result.expires_in * 1000 - RENEW_BEFORE_EXPIRY_MS, MIN_RENEW_DELAY_MS));
}

function end(announce: boolean) {
  clearTimeout(renewTimer);
  renewAt = Number.POSITIVE_INFINITY;
  batch(() => {
    accessToken.value = null;
    currentUser.value = null;
    sessionStatus.value = "signed-out";
  });
  if (announce) channel?.postMessage({ type: "signed-out" } satisfies SessionMessage);
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

/** On start (and when the network or another tab says so): pick up the cookie's session, if any. */
export async function restore(): Promise<void> {
  try {
    await renew();
    restoreProblem.value = null;
  } catch (error) {
    batch(() => {
      restoreProblem.value = error instanceof ApiError && error.code === OFFLINE ? "offline" : "unavailable";
      if (sessionStatus.peek() === "loading") sessionStatus.value = "signed-out";
    });
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
  try {
    await api.logout();
  } catch (error) {
    // 401: the session had already ended on the server.
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
  end(true);
}

channel?.addEventListener("message", (event: MessageEvent<SessionMessage>) => {
  if (event.data.type === "signed-out") end(false);
  else if (sessionStatus.peek() !== "signed-in") void restore();
});

// Timers are throttled in hidden tabs, so a scheduled renewal can come too late.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && Date.now() >= renewAt) renewOrRetry();
});

addEventListener("online", () => {
  if (restoreProblem.peek() === "offline") void restore();
});
