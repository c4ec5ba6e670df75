import { effect, signal } from "@preact/signals";
import type { NotificationSetting } from "../../../schema/api";
import type { PushSubscriptionBody } from "../../../schema/push";
import * as api from "../api";
import { ApiError } from "../api";
import { locale } from "../i18n";
import { isOpenRoom } from "../sw/push";
import { rooms } from "./rooms";
import { navigate, roomPath } from "./router";

// Push notifications on this device: the account's setting (on, on without the text, off),
// this browser's permission and subscription, and the app icon's badge. The service worker
// shows what arrives (sw/push.ts). The server ends a device's subscription with its
// session; signing out here also drops the browser's own copy.

export const pushSupported =
  typeof navigator !== "undefined" && "serviceWorker" in navigator && typeof PushManager === "function" && typeof Notification === "function";

export type PushProblem = "unsupported" | "blocked" | "unavailable";

/** The account's setting; null until the server has said. */
export const notificationSetting = signal<NotificationSetting | null>(null, { name: "notificationSetting" });
/** This browser holds a subscription the server has accepted. */
export const deviceSubscribed = signal(false, { name: "deviceSubscribed" });
export const pushProblem = signal<PushProblem | null>(pushSupported ? null : "unsupported", { name: "pushProblem" });

let stopEffects: (() => void)[] = [];
// Which signed-in period a sync belongs to: one still answering after sign-out does nothing.
let generation = 0;

/** Signed in: read the setting, renew this device's subscription if it should have one, keep the badge. */
export function startPush() {
  const current = ++generation;
  stopEffects = [
    effect(() => void showBadge(rooms.value.reduce((sum, room) => sum + room.unread_count, 0))),
    // The service worker writes notifications in the language the subscription names.
    effect(() => {
      const lang = locale.value;
      if (deviceSubscribed.peek()) void subscribeDevice(lang).catch(() => undefined);
    }),
  ];
  void syncPush(current).catch(() => undefined);
}

export function stopPush() {
  generation++;
  for (const stop of stopEffects) stop();
  stopEffects = [];
  notificationSetting.value = null;
  deviceSubscribed.value = false;
  void showBadge(0);
  void browserSubscription()
    .then((subscription) => subscription?.unsubscribe())
    .catch(() => undefined);
}

/** Reads the account's setting again (Settings opens with it). */
export async function loadNotificationSetting() {
  notificationSetting.value = (await api.me()).notifications;
}

async function syncPush(current: number) {
  await loadNotificationSetting();
  if (current !== generation || !pushSupported) return;
  if (Notification.permission === "denied") pushProblem.value = "blocked";
  // Permission was given before (on this device, to this site): no prompt, so no gesture needed.
  if (notificationSetting.peek() !== "off" && Notification.permission === "granted") await subscribeDevice();
}

/**
 * The person chose in Settings. Anything but off asks for permission (a prompt needs this
 * click) and subscribes this device first, so the setting never claims what cannot work.
 */
export async function chooseNotifications(next: NotificationSetting) {
  if (next !== "off") {
    if (!pushSupported) return void (pushProblem.value = "unsupported");
    if ((await Notification.requestPermission()) !== "granted") return void (pushProblem.value = "blocked");
    pushProblem.value = null;
    try {
      await subscribeDevice();
    } catch (error) {
      if (error instanceof ApiError && error.code === "push_unavailable") return void (pushProblem.value = "unavailable");
      throw error;
    }
  }
  notificationSetting.value = (await api.updateMe({ notifications: next })).notifications;
  if (next === "off") await unsubscribeDevice();
}

async function subscribeDevice(lang = locale.peek()) {
  const registration = await navigator.serviceWorker.ready;
  const { key } = await api.vapidPublicKey();
  const serverKey = fromBase64url(key);
  let subscription = await registration.pushManager.getSubscription();
  // Made for another server key (the operator replaced it): useless now.
  if (subscription && !sameBytes(subscription.options.applicationServerKey, serverKey)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey });
  await api.subscribePush({ ...(subscription.toJSON() as PushSubscriptionBody), lang });
  deviceSubscribed.value = true;
}

async function unsubscribeDevice() {
  const subscription = await browserSubscription();
  deviceSubscribed.value = false;
  if (!subscription) return;
  await api.unsubscribePush(subscription.endpoint).catch(() => undefined);
  await subscription.unsubscribe();
}

async function browserSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported) return null;
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}

async function showBadge(count: number) {
  try {
    if (count > 0) await navigator.setAppBadge(count);
    else await navigator.clearAppBadge();
  } catch {
    // No Badging API in this browser, or the app is not installed.
  }
}

/** A click on a notification while a window is open: the service worker asks it to show the room. */
export function listenForNotificationClicks() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("message", (event: MessageEvent) => {
    if (isOpenRoom(event.data)) navigate(roomPath(event.data.room_id));
  });
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function sameBytes(key: ArrayBuffer | null, expected: Uint8Array): boolean {
  if (!key || key.byteLength !== expected.length) return false;
  const bytes = new Uint8Array(key);
  return bytes.every((byte, i) => byte === expected[i]);
}
