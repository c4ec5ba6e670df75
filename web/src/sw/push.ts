import type { PushPayload } from "../../../schema/push";
import { push as en } from "../i18n/en/push";
import { push as ko } from "../i18n/ko/push";

// The service worker's half of push notifications: a push becomes one notification per
// room (the tag replaces the one already shown), the app icon's badge shows the unread
// total, and a click brings the app to that room.

/** Posted to an open window: go to this room (the window navigates itself, keeping its session). */
export interface OpenRoomMessage {
  type: "OPEN_ROOM";
  room_id: string;
}

const STRINGS = { en, ko };
const ICON = "/icons/icon-192.png";
const KIND_LABELS = {
  image: "push.kind.image",
  file: "push.kind.file",
  voice: "push.kind.voice",
  sticker: "push.kind.sticker",
  poll: "push.kind.poll",
} as const;

export const roomUrl = (roomId: string) => `/rooms/${encodeURIComponent(roomId)}`;

export const isOpenRoom = (data: unknown): data is OpenRoomMessage =>
  typeof data === "object" && data !== null && (data as { type?: unknown }).type === "OPEN_ROOM" && typeof (data as { room_id?: unknown }).room_id === "string";

/** What a push payload shows: a title, a body, and the room it opens. */
export function notificationFor(payload: PushPayload): { title: string; options: NotificationOptions } {
  const strings = STRINGS[payload.lang] ?? en;
  const what = !payload.preview
    ? strings["push.newMessage"]
    : (payload.text ?? (payload.kind in KIND_LABELS ? strings[KIND_LABELS[payload.kind as keyof typeof KIND_LABELS]] : strings["push.newMessage"]));
  return {
    title: payload.room_kind === "direct" ? payload.sender_name : payload.room_title,
    options: {
      body: payload.room_kind === "direct" ? what : `${payload.sender_name}: ${what}`,
      tag: `room:${payload.room_id}`,
      lang: payload.lang,
      icon: ICON,
      data: { room_id: payload.room_id },
    },
  };
}

export function registerPushHandlers(worker: ServiceWorkerGlobalScope) {
  worker.addEventListener("push", (event) => {
    const payload = readPayload(event.data);
    // Every push must show something (the subscription promised as much); one this version
    // cannot read still says there is news, and opens the app.
    if (!payload) {
      const strings = STRINGS[navigator.language.startsWith("ko") ? "ko" : "en"];
      event.waitUntil(worker.registration.showNotification("Parley", { body: strings["push.newMessage"], icon: ICON, tag: "parley" }));
      return;
    }
    const { title, options } = notificationFor(payload);
    // A replaced notification alerts again: each one is news (the server sends at most one
    // per room every few seconds).
    event.waitUntil(Promise.all([worker.registration.showNotification(title, { ...options, renotify: true } as NotificationOptions), badge(worker, payload.unread_total)]));
  });

  worker.addEventListener("notificationclick", (event) => {
    event.notification.close();
    const roomId = (event.notification.data as { room_id?: unknown } | null)?.room_id;
    event.waitUntil(openRoom(worker, typeof roomId === "string" ? roomId : null));
  });
}

function readPayload(data: PushMessageData | null): PushPayload | null {
  try {
    const payload = data?.json() as PushPayload | undefined;
    return payload?.type === "message" && typeof payload.room_id === "string" ? payload : null;
  } catch {
    return null;
  }
}

async function badge(worker: ServiceWorkerGlobalScope, count: number) {
  try {
    if (count > 0) await worker.navigator.setAppBadge(count);
    else await worker.navigator.clearAppBadge();
  } catch {
    // No Badging API here (or not installed as an app): the notification is enough.
  }
}

// An open Parley window is told to go to the room and brought forward; with none, one opens
// there. Without a room (a push this version could not read), the app itself.
async function openRoom(worker: ServiceWorkerGlobalScope, roomId: string | null) {
  const windows = await worker.clients.matchAll({ type: "window", includeUncontrolled: true });
  const target = windows.find((client) => client.focused) ?? windows[0];
  if (!target) {
    await worker.clients.openWindow(roomId === null ? "/" : roomUrl(roomId));
    return;
  }
  if (roomId !== null) target.postMessage({ type: "OPEN_ROOM", room_id: roomId } satisfies OpenRoomMessage);
  await target.focus().catch(() => undefined);
}
