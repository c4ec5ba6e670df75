import { signal } from "@preact/signals";
import { registerSW } from "virtual:pwa-register";

/** A new service worker is installed and waiting for the person to reload. */
export const updateReady = signal(false, { name: "updateReady" });

// A messenger tab stays open for days; without a periodic check it would only learn of
// a new version on the next full navigation.
const UPDATE_CHECK_MS = 60 * 60 * 1000;

let activateUpdate: () => Promise<void> = async () => {};

export function watchForUpdates() {
  activateUpdate = registerSW({
    onNeedRefresh: () => {
      updateReady.value = true;
    },
    onRegisteredSW: (_url, registration) => {
      if (!registration) return;
      setInterval(() => {
        // Offline, the check fails; the next interval tries again.
        registration.update().catch(() => undefined);
      }, UPDATE_CHECK_MS);
    },
  });
}

/** Lets the waiting service worker take over; the page reloads once it controls it. */
export const applyUpdate = () => activateUpdate();
