import { effect, signal } from "@preact/signals";
import { sessionStatus, type SessionStatus } from "./session";

export const currentPath = signal(location.pathname, { name: "currentPath" });

const SIGNED_OUT_PATHS = new Set(["/signin", "/signup"]);
const SIGNED_IN_PATHS = new Set(["/"]);

export function navigate(to: string, { replace = false } = {}) {
  if (to === currentPath.peek()) return;
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  currentPath.value = to;
}

/** Where someone in this state who asked for this path belongs, when that is elsewhere. */
export function redirectFor(status: SessionStatus, path: string): string | null {
  if (status === "signed-out" && !SIGNED_OUT_PATHS.has(path)) return "/signin";
  if (status === "signed-in" && !SIGNED_IN_PATHS.has(path)) return "/";
  return null;
}

export function startRouting() {
  addEventListener("popstate", () => {
    currentPath.value = location.pathname;
  });
  effect(() => {
    const target = redirectFor(sessionStatus.value, currentPath.value);
    if (target !== null) navigate(target, { replace: true });
  });
}
