import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { registerPushHandlers } from "./sw/push";

declare const self: ServiceWorkerGlobalScope;

// The app shell (HTML, scripts, styles, icons, manifest) is served from the cache, so
// Parley opens without a network. Nothing under /api matches a route here: API answers
// always come from the network and are never stored.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every app URL (/signin, /signup, later /rooms/…) is the same single page.
registerRoute(new NavigationRoute(createHandlerBoundToURL("/index.html"), { denylist: [/^\/api(\/|$)/] }));

// New messages while the app is closed: notifications, the app badge, and opening the room.
registerPushHandlers(self);

// registerType "prompt": a new version waits until the person chooses to reload.
self.addEventListener("message", (event) => {
  if (isSkipWaiting(event.data)) void self.skipWaiting();
});

const isSkipWaiting = (data: unknown) =>
  typeof data === "object" && data !== null && (data as { type?: unknown }).type === "SKIP_WAITING";
