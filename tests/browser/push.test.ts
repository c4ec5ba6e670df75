import type { CDPSession, Page, Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AuthResult } from "../../schema/api";
import type { PushPayload } from "../../schema/push";
import { chromiumAvailable, launchBrowser, type Browser } from "../support/browser";
import { PushReceiver, startPushService, type PushService } from "../support/pushService";
import { startApp, type RunningApp } from "../support/server";

const PASSWORD = "Sturdy-Pass1";

// Headless Chromium has no push service to subscribe at (it would be Google's, and there is
// no network), so the page's PushManager hands out a subscription at the stand-in push
// service instead, with keys the test holds. Everything else is the browser's own: the
// permission, the service worker, its push and notificationclick events (dispatched through
// the DevTools protocol), and the notifications it shows.
function fakePushManager(subscription: { endpoint: string }) {
  const KEY = "test.push.serverKey";
  const fake = () => ({
    endpoint: subscription.endpoint,
    options: { applicationServerKey: new Uint8Array(JSON.parse(localStorage.getItem(KEY)!) as number[]).buffer, userVisibleOnly: true },
    toJSON: () => subscription,
    unsubscribe: async () => {
      localStorage.removeItem(KEY);
      localStorage.setItem("test.unsubscribed", "yes");
      return true;
    },
  });
  PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
    localStorage.setItem(KEY, JSON.stringify([...(options?.applicationServerKey as Uint8Array)]));
    return fake() as unknown as PushSubscription;
  };
  PushManager.prototype.getSubscription = async () => (localStorage.getItem(KEY) ? (fake() as unknown as PushSubscription) : null);
}

describe.skipIf(!chromiumAvailable())("push notifications in a real browser", () => {
  let app: RunningApp;
  let push: PushService;
  let browser: Browser;
  let page: Page;
  let ada: AuthResult;
  let bob: AuthResult;
  let roomId = "";
  let received: PushPayload;
  let receiver: PushReceiver;

  beforeAll(async () => {
    [app, push] = await Promise.all([startApp(), startPushService()]);
    receiver = new PushReceiver(`${push.origin}/ada`);
    browser = await launchBrowser();
    page = browser.page;
    await browser.context.grantPermissions(["notifications"], { origin: app.url });
    await browser.context.addInitScript(fakePushManager, receiver.subscription());
    ada = await register("ada", "Ada Lovelace");
    bob = await register("bob", "Bob Kahn");
    const direct = await api("POST", "/rooms/direct", bob.access_token, { user_id: ada.user.id });
    roomId = direct.data.id;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await push?.close();
  });

  async function register(username: string, displayName: string): Promise<AuthResult> {
    return (await api("POST", "/auth/register", undefined, { username, password: PASSWORD, display_name: displayName })).data;
  }

  async function api(method: string, path: string, token?: string, body?: unknown) {
    const response = await fetch(`${app.url}/api${path}`, {
      method,
      headers: { ...(token && { Authorization: `Bearer ${token}` }), ...(body !== undefined && { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(300);
    return (await response.json()) as { data: any };
  }

  test("choosing notifications in Settings subscribes this device, and a message arrives as a push once the app is closed", async () => {
    await page.goto(`${app.url}/signin`);
    await page.getByLabel("Username", { exact: true }).fill("ada");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.goto(`${app.url}/settings`);
    await page.getByRole("heading", { level: 2, name: "Notifications" }).waitFor();
    await page.getByRole("radio", { name: /On, without the message/ }).click();
    await expect.poll(async () => (await api("GET", "/me", ada.access_token)).data.notifications).toBe("no_preview");
    expect(await page.getByRole("radio", { name: /On, without the message/ }).isChecked()).toBe(true);

    // The app closes: its sockets go, and Ada is offline once the server has seen them close.
    // A message that arrives before that finds her online and is not pushed, so Bob writes
    // again until one is.
    await page.goto("about:blank");
    let sent: { seq: number } | null = null;
    for (let attempt = 1; push.requests.length === 0; attempt++) {
      const text = attempt === 1 ? "Still on for Friday?" : `Still on for Friday? (${attempt})`;
      sent = (await api("POST", `/rooms/${roomId}/messages`, bob.access_token, { client_msg_id: `friday-${attempt}`, kind: "text", text })).data;
      await Promise.race([push.received("/ada"), new Promise((resolve) => setTimeout(resolve, 2000))]);
    }
    const [request] = await push.received("/ada");
    received = receiver.decrypt(request!) as PushPayload;
    expect(received).toMatchObject({ room_id: roomId, room_kind: "direct", sender_name: "Bob Kahn", seq: sent!.seq, preview: false, text: null });
  });

  test("the service worker shows the push as a notification with the unread badge, and a click opens the room", async () => {
    await page.goto(`${app.url}/`);
    await page.getByRole("heading", { name: "Chats" }).waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent("serviceworker"));
    // The Badging API does nothing visible headless: record what the worker asks of it.
    await worker.evaluate(() => {
      const scope = self as unknown as { navigator: { setAppBadge: (n: number) => Promise<void> }; badge?: number };
      scope.navigator.setAppBadge = async (count: number) => void (scope.badge = count);
    });
    const cdp = await browser.context.newCDPSession(page);
    const registrationId = await serviceWorkerRegistration(cdp, app.url);

    await deliver(cdp, app.url, registrationId, received);
    await expect.poll(() => notifications(page)).toEqual([{ title: "Bob Kahn", body: "New message", tag: `room:${roomId}`, data: { room_id: roomId } }]);
    expect(await worker.evaluate(() => (self as unknown as { badge?: number }).badge)).toBe(received.unread_total);

    // A newer message from the same room replaces the notification instead of adding one.
    await deliver(cdp, app.url, registrationId, { ...received, seq: received.seq + 1, preview: true, text: "Bring the slides", unread_total: received.unread_total + 1, lang: "ko" });
    await expect.poll(async () => (await notifications(page))[0]?.body).toBe("Bring the slides");
    expect(await notifications(page)).toHaveLength(1);
    expect(await worker.evaluate(() => (self as unknown as { badge?: number }).badge)).toBe(received.unread_total + 1);

    await clickNotification(worker);
    await page.waitForURL((url) => url.pathname === `/rooms/${roomId}`);
    await page.getByText("Still on for Friday?").first().waitFor();
    expect(await notifications(page)).toEqual([]);
    await cdp.detach();
  });

  test("the service worker writes a notification without preview in the device's language", async () => {
    const cdp = await browser.context.newCDPSession(page);
    await deliver(cdp, app.url, await serviceWorkerRegistration(cdp, app.url), { ...received, room_kind: "group", room_title: "Launch", lang: "ko" });
    await expect.poll(async () => (await notifications(page)).map((n) => [n.title, n.body])).toEqual([["Launch", "Bob Kahn: 새 메시지"]]);
    await cdp.detach();
  });

  test("signing out drops this browser's subscription and the server's", async () => {
    await page.goto(`${app.url}/settings`);
    await page.getByRole("button", { name: "Sign out here" }).click();
    await page.waitForURL((url) => url.pathname === "/signin");
    await expect.poll(() => page.evaluate(() => localStorage.getItem("test.unsubscribed"))).toBe("yes");
    const response = await fetch(`${app.url}/api/push/subscriptions`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${ada.access_token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ endpoint: receiver.endpoint }),
    });
    expect(response.status).toBe(404);
  });
});

async function serviceWorkerRegistration(cdp: CDPSession, origin: string): Promise<string> {
  const found = new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const registration = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
      if (registration) resolve(registration.registrationId);
    });
  });
  await cdp.send("ServiceWorker.enable");
  return found;
}

async function deliver(cdp: CDPSession, origin: string, registrationId: string, payload: PushPayload) {
  await cdp.send("ServiceWorker.deliverPushMessage", { origin, registrationId, data: JSON.stringify(payload) });
}

async function notifications(page: Page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown }));
  });
}

// No DevTools command clicks a notification, so the worker gets the event a click would
// bring. Being synthetic, it gives no user activation: focusing the window may be refused,
// and opening a new one would be (so that path is not exercised here).
async function clickNotification(worker: Worker) {
  await worker.evaluate(async () => {
    // Evaluated inside the service worker, whose globals the tests' DOM typings do not know.
    const scope = self as unknown as {
      registration: ServiceWorkerRegistration;
      dispatchEvent(event: Event): boolean;
      NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
    };
    const [notification] = await scope.registration.getNotifications();
    scope.dispatchEvent(new scope.NotificationEvent("notificationclick", { notification: notification! }));
  });
}
