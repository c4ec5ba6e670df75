import { computed, signal } from "@preact/signals";
import type { SocketStatus } from "../realtime/ReconnectingSocket";

// What the person is told about the connection: offline (the browser has no network),
// connecting (a network but the live connection is not up yet) or online.

export const networkOnline = signal(navigator.onLine, { name: "networkOnline" });
/** The inbox socket's state: the app's one always-open connection. */
export const liveStatus = signal<SocketStatus>("idle", { name: "liveStatus" });

addEventListener("online", () => {
  networkOnline.value = true;
});
addEventListener("offline", () => {
  networkOnline.value = false;
});

export type Connectivity = "offline" | "connecting" | "online";

export const connectivity = computed<Connectivity>(() => {
  if (!networkOnline.value) return "offline";
  return liveStatus.value === "open" || liveStatus.value === "idle" ? "online" : "connecting";
});
