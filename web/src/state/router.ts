import { computed, effect, signal } from "@preact/signals";
import { sessionStatus, signedOutOnPurpose, type SessionStatus } from "./session";

// The PWA's screens and their addresses. A phone shows one screen at a time and the
// browser's back button walks back through them; a desktop shows the room list beside
// whatever else the route names.

export type Route =
  | { name: "signin" }
  | { name: "signup" }
  | { name: "home" }
  | { name: "room"; roomId: string }
  | { name: "room-details"; roomId: string }
  | { name: "new-chat" }
  | { name: "settings" }
  | { name: "join"; token: string }
  | { name: "admin"; section: AdminSection }
  | { name: "not-found" };

export const ADMIN_SECTIONS = ["overview", "users", "reports", "audit"] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

export const currentPath = signal(location.pathname, { name: "currentPath" });

export function parseRoute(path: string): Route {
  if (path === "/signin") return { name: "signin" };
  if (path === "/signup") return { name: "signup" };
  if (path === "/") return { name: "home" };
  if (path === "/new") return { name: "new-chat" };
  if (path === "/settings") return { name: "settings" };
  const parts = path.split("/").slice(1).map(decodeSegment);
  if (parts.some((part) => part === null)) return { name: "not-found" };
  const [first, id, rest, ...extra] = parts as string[];
  if (first === "rooms" && id && extra.length === 0) {
    if (rest === undefined) return { name: "room", roomId: id };
    if (rest === "details") return { name: "room-details", roomId: id };
  }
  if (first === "join" && id && rest === undefined) return { name: "join", token: id };
  if (first === "admin" && rest === undefined) {
    const section = ADMIN_SECTIONS.find((known) => known === (id ?? "overview"));
    if (section) return { name: "admin", section };
  }
  return { name: "not-found" };
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export const route = computed(() => parseRoute(currentPath.value));

export const roomPath = (roomId: string) => `/rooms/${encodeURIComponent(roomId)}`;
export const roomDetailsPath = (roomId: string) => `${roomPath(roomId)}/details`;
export const joinPath = (token: string) => `/join/${encodeURIComponent(token)}`;
export const adminPath = (section: AdminSection) => (section === "overview" ? "/admin" : `/admin/${section}`);

export function navigate(to: string, { replace = false } = {}) {
  if (to === currentPath.peek()) return;
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  currentPath.value = to;
}

// Where a signed-out visitor goes once signed in, when they came for a page that needs an
// account (an invite link, a room link from a notification).
const RETURN_KEY = "parley.returnTo";

/** Where someone in this state who asked for this path belongs, when that is elsewhere. */
export function redirectFor(status: SessionStatus, path: string): string | null {
  const name = parseRoute(path).name;
  // An invite's preview needs no account; joining asks for one on the page itself.
  if (name === "join") return null;
  if (status === "signed-out") return name === "signin" || name === "signup" ? null : "/signin";
  if (status === "signed-in" && (name === "signin" || name === "signup")) return takeReturnPath() ?? "/";
  return null;
}

/** Remembers a page to come back to after signing in or up. */
export function returnAfterSignIn(path: string) {
  sessionStorage.setItem(RETURN_KEY, path);
}

function takeReturnPath(): string | null {
  const path = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  return path && parseRoute(path).name !== "not-found" ? path : null;
}

export function startRouting() {
  addEventListener("popstate", () => {
    currentPath.value = location.pathname;
  });
  effect(() => {
    const status = sessionStatus.value;
    const path = currentPath.value;
    // A page is worth coming back to when the session ran out under it, not when the
    // person chose to sign out from it.
    if (status === "signed-out" && !signedOutOnPurpose() && redirectFor(status, path) !== null && parseRoute(path).name !== "not-found") {
      returnAfterSignIn(path);
    }
    const target = redirectFor(status, path);
    if (target !== null) navigate(target, { replace: true });
  });
}
