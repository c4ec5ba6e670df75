import { seriousViolations } from "../support/accessibility";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Dialog, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AuthResult } from "../../schema/api";
import { chromiumAvailable, launchBrowser, type Browser } from "../support/browser";
import { Client } from "../support/client";
import { startApp, type RunningApp } from "../support/server";

const PASSWORD = "Sturdy-Pass1";
const SCREENSHOTS = join(import.meta.dirname, "../../docs/screenshots");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const ARCHIVE_SIZE = 10_000;

interface Person {
  name: string;
  username: string;
  id: string;
  browser: Browser;
  page: Page;
  /** The same account outside the browser, for seeding and for checking what the server stored. */
  client: Client;
  dialogs: string[];
}

describe.skipIf(!chromiumAvailable())("the messenger, between two people in two real browsers", () => {
  let app: RunningApp;
  let ada: Person;
  let ben: Person;
  // Shared by the tests, in order: the direct chat opened in the first is used by the rest.
  let directPath = "";

  beforeAll(async () => {
    // Seeding a 10,000-message room through one socket needs more than the default 50 frames/s.
    app = await startApp({ vars: { ROOM_SOCKET_FRAMES_PER_SECOND: "100000" } });
    await mkdir(SCREENSHOTS, { recursive: true });
    [ada, ben] = await Promise.all([person("ada", "Ada Lovelace"), person("ben", "Ben Bitdiddle")]);
  });

  afterAll(async () => {
    await ada?.browser.close();
    await ben?.browser.close();
    await app?.close();
  });

  async function person(username: string, name: string): Promise<Person> {
    const response = await fetch(`${app.url}/api/auth/register`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password: PASSWORD, display_name: name, device_name: "Test runner" }),
    });
    expect(response.status).toBe(201);
    const auth = ((await response.json()) as { data: AuthResult }).data;
    const browser = await launchBrowser();
    const dialogs: string[] = [];
    browser.page.on("dialog", (dialog: Dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const page = browser.page;
    await page.setViewportSize(DESKTOP);
    await page.goto(`${app.url}/signin`);
    await page.getByLabel("Username", { exact: true }).fill(username);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await heading(page, `Welcome to Parley, ${name}`).waitFor();
    // The service worker takes control from the next load on; offline starts depend on it.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await heading(page, `Welcome to Parley, ${name}`).waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    return { name, username, id: auth.user.id, browser, page, client: new Client(app.url, auth.access_token, auth.user), dialogs };
  }

  const heading = (page: Page, name: string | RegExp) => page.getByRole("heading", { level: 1, name });
  const composer = (page: Page) => page.getByRole("textbox", { name: "Message", exact: true });
  const log = (page: Page) => page.getByRole("log");
  // A message row by its own text (not by a reply's quote of it).
  const bubble = (page: Page, text: string | RegExp) => log(page).locator(".message").filter({ has: page.locator(".message-text", { hasText: text }) });
  const roomLink = (page: Page, name: string | RegExp) => page.getByRole("navigation").getByRole("link", { name });

  async function send(page: Page, text: string) {
    await composer(page).fill(text);
    await composer(page).press("Enter");
  }

  async function messageAction(page: Page, message: Locator, action: string) {
    await message.hover();
    await message.getByRole("button", { name: "Message actions" }).click();
    await message.getByRole("group", { name: "Message actions" }).getByRole("button", { name: action, exact: true }).click();
  }

  /** What the server stored in a room, as the given person reads it back. */
  async function storedTexts(who: Person, roomId: string): Promise<{ seq: number; text: string | null }[]> {
    const response = await who.client.call("GET", `/api/rooms/${roomId}/messages?limit=200`);
    expect(response.status).toBe(200);
    return (response.body.data.messages as { seq: number; text: string | null }[]).map(({ seq, text }) => ({ seq, text }));
  }

  const roomIdOf = (path: string) => decodeURIComponent(path.split("/")[2]!);

  test("Ada starts a direct chat with Ben from New chat, and they talk both ways live", async () => {
    await ada.page.getByRole("link", { name: "New chat" }).first().click();
    await ada.page.getByLabel("Find people").fill("ben");
    await ada.page.getByRole("button", { name: /^Message Ben Bitdiddle/ }).click();
    await heading(ada.page, "Ben Bitdiddle").waitFor();
    directPath = new URL(ada.page.url()).pathname;
    expect(directPath).toMatch(/^\/rooms\/[^/]+$/);

    // Enter sends; Shift+Enter breaks the line.
    await composer(ada.page).fill("Hello Ben");
    await composer(ada.page).press("Shift+Enter");
    await composer(ada.page).pressSequentially("How are you?");
    await composer(ada.page).press("Enter");
    await bubble(ada.page, "How are you?").getByTitle("Sent").waitFor();
    expect(await bubble(ada.page, "How are you?").locator(".message-text").textContent()).toBe("Hello Ben\nHow are you?");
    expect(await composer(ada.page).inputValue()).toBe("");

    // Ben was not looking: the room arrives in his list by the inbox, unread.
    const inList = roomLink(ben.page, /^Ada Lovelace/);
    await inList.waitFor();
    await expect.poll(() => inList.textContent()).toContain("1 unread message");
    expect(await inList.textContent()).toContain("How are you?");
    await inList.click();
    await heading(ben.page, "Ada Lovelace").waitFor();
    await bubble(ben.page, "How are you?").waitFor();
    await expect.poll(() => inList.textContent()).not.toContain("unread");

    // Ben has read it: Ada's message says so.
    await bubble(ada.page, "How are you?").getByTitle("Read").waitFor();

    await send(ben.page, "Hi Ada, all good here");
    await bubble(ada.page, "Hi Ada, all good here").waitFor();
    await expect.poll(() => roomLink(ada.page, /^Ben Bitdiddle/).textContent()).toContain("Hi Ada, all good here");
  });

  test("each side sees the other typing, and the notice fades after the typing stops", async () => {
    const notice = ada.page.getByText("Ben Bitdiddle is typing…");
    // Ben's last keystrokes were just before his message; the room relays one typing notice
    // a second, so he starts again a moment later, as a person would.
    await ben.page.waitForTimeout(1200);
    await composer(ben.page).pressSequentially("thinking about it", { delay: 30 });
    await notice.waitFor();
    await notice.waitFor({ state: "detached", timeout: 8_000 });
    await composer(ben.page).fill("");
  });

  test("replies quote and lead back to the original; edits, deletions and reactions reach both sides", async () => {
    const original = bubble(ada.page, "Hi Ada, all good here");
    await messageAction(ada.page, original, "Reply");
    await ada.page.getByText("Replying to Ben Bitdiddle").waitFor();
    // Escape leaves reply mode; choosing Reply again brings it back.
    await composer(ada.page).press("Escape");
    await ada.page.getByText("Replying to Ben Bitdiddle").waitFor({ state: "detached" });
    await messageAction(ada.page, original, "Reply");
    await send(ada.page, "Glad to hear it");

    const reply = bubble(ben.page, "Glad to hear it");
    const quote = reply.getByRole("button", { name: /^In reply to You/ });
    await quote.waitFor();
    expect(await quote.textContent()).toContain("Hi Ada, all good here");
    await quote.click();
    await expect.poll(() => ben.page.evaluate(() => document.activeElement?.querySelector(".message-text")?.textContent ?? "")).toBe("Hi Ada, all good here");

    await messageAction(ada.page, bubble(ada.page, "How are you?"), "Edit");
    const editor = ada.page.getByRole("textbox", { name: "Edit message" });
    await expect.poll(() => editor.inputValue()).toBe("Hello Ben\nHow are you?");
    await editor.fill("Hello Ben, how have you been?");
    await editor.press("Enter");
    const edited = bubble(ben.page, "how have you been?");
    await edited.waitFor();
    expect(await edited.textContent()).toContain("edited");
    await bubble(ben.page, "How are you?").waitFor({ state: "detached" });

    await messageAction(ada.page, original, "React with 👍");
    const onBen = bubble(ben.page, "Hi Ada, all good here");
    await onBen.getByRole("button", { name: "👍 1 reaction" }).waitFor();
    await onBen.getByRole("button", { name: "👍 1 reaction" }).click();
    await original.getByRole("button", { name: "👍 2 reactions" }).waitFor();
    expect(await original.getByRole("button", { name: "👍 2 reactions" }).getAttribute("aria-pressed")).toBe("true");
    await original.getByRole("button", { name: "👍 2 reactions" }).click();
    await onBen.getByRole("button", { name: "👍 1 reaction" }).waitFor();

    await send(ada.page, "Sent by mistake");
    const mistake = bubble(ada.page, "Sent by mistake");
    await mistake.getByTitle(/Sent|Read/).waitFor();
    await bubble(ben.page, "Sent by mistake").waitFor();
    await messageAction(ada.page, mistake, "Delete");
    await mistake.getByRole("button", { name: "Delete", exact: true }).click();
    await log(ben.page).getByText("Message deleted").waitFor();
    await bubble(ben.page, "Sent by mistake").waitFor({ state: "detached" });
    await log(ada.page).getByText("Message deleted").waitFor();
  });

  test("a poll made in the composer takes votes from both sides, shows results live, and closes", async () => {
    await ada.page.getByRole("button", { name: "Create a poll" }).click();
    const dialog = ada.page.getByRole("dialog", { name: "New poll" });
    await dialog.getByLabel("Question", { exact: true }).fill("Lunch on Friday?");
    await dialog.getByLabel("Answer 1", { exact: true }).fill("Pizza");
    await dialog.getByLabel("Answer 2", { exact: true }).fill("Dumplings");
    await dialog.getByRole("button", { name: "Add an answer" }).click();
    await dialog.getByLabel("Answer 3", { exact: true }).fill("Salad");
    await dialog.getByRole("button", { name: "Send poll" }).click();
    await dialog.waitFor({ state: "detached" });

    const poll = (page: Page) => page.getByRole("group", { name: "Lunch on Friday?" });
    await poll(ben.page).waitFor();
    await poll(ben.page).getByRole("button", { name: /^Dumplings / }).click();
    await poll(ada.page).getByRole("button", { name: "Dumplings 1 vote · 100%" }).waitFor();
    await poll(ada.page).getByRole("button", { name: /^Pizza / }).click();
    await poll(ben.page).getByRole("button", { name: "Pizza 1 vote · 50%" }).waitFor();
    expect(await poll(ben.page).textContent()).toContain("2 people voted");

    await poll(ada.page).getByRole("button", { name: "Close poll" }).click();
    await poll(ben.page).getByText("Poll closed").waitFor();
    expect(await poll(ben.page).getByRole("button", { name: /^Salad / }).isDisabled()).toBe(true);
  });

  test("a draft stays with its room, across rooms and reloads, until it is sent", async () => {
    const created = await ada.client.call("POST", "/api/rooms", { kind: "group", title: "Drafts elsewhere", member_ids: [ben.id] });
    expect(created.status).toBe(201);
    await composer(ada.page).fill("An unsent thought");
    await roomLink(ada.page, /^Drafts elsewhere/).click();
    await heading(ada.page, "Drafts elsewhere").waitFor();
    expect(await composer(ada.page).inputValue()).toBe("");
    await roomLink(ada.page, /^Ben Bitdiddle/).click();
    await heading(ada.page, "Ben Bitdiddle").waitFor();
    await expect.poll(() => composer(ada.page).inputValue()).toBe("An unsent thought");
    await ada.page.reload();
    await heading(ada.page, "Ben Bitdiddle").waitFor();
    await expect.poll(() => composer(ada.page).inputValue()).toBe("An unsent thought");
    await composer(ada.page).press("Enter");
    await bubble(ben.page, "An unsent thought").waitFor();
    await ada.page.reload();
    await heading(ada.page, "Ben Bitdiddle").waitFor();
    await bubble(ada.page, "An unsent thought").waitFor();
    expect(await composer(ada.page).inputValue()).toBe("");
  });

  test("text is only ever text: markup shows as typed and runs nothing; http(s) addresses become safe links", async () => {
    const attack = "<img src=x onerror=alert(1)>";
    await send(ada.page, attack);
    await send(ada.page, "Docs at https://example.com/guide. Not javascript:alert(2)");
    for (const page of [ada.page, ben.page]) {
      const shown = bubble(page, attack);
      await shown.waitFor();
      expect(await shown.locator(".message-text").textContent()).toBe(attack);
      expect(await log(page).locator("img").count()).toBe(0);
      const link = bubble(page, "Docs at").getByRole("link", { name: "https://example.com/guide" });
      await link.waitFor();
      expect(await link.getAttribute("href")).toBe("https://example.com/guide");
      expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
      expect(await link.getAttribute("target")).toBe("_blank");
      expect(await bubble(page, "Docs at").getByRole("link").count()).toBe(1);
    }
    expect([...ada.dialogs, ...ben.dialogs]).toEqual([]);
  });

  test("offline, messages wait in the outbox through a reload, then each arrives exactly once and in order", async () => {
    const roomId = roomIdOf(directPath);
    const context = ada.browser.context;
    await context.setOffline(true);
    try {
      await ada.page.getByText("Offline — messages will be sent when you're back online").waitFor();
      for (const text of ["Offline one", "Offline two", "Offline three"]) await send(ada.page, text);
      for (const text of ["Offline one", "Offline two", "Offline three"]) await bubble(ada.page, text).getByTitle("Sending…").waitFor();

      await ada.page.reload();
      await heading(ada.page, "Ben Bitdiddle").waitFor();
      for (const text of ["Offline one", "Offline two", "Offline three"]) await bubble(ada.page, text).getByTitle("Sending…").waitFor();
      // The cached history is there too.
      await bubble(ada.page, "Glad to hear it").waitFor();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await bubble(ben.page, "Offline one").count()).toBe(0);
    } finally {
      await context.setOffline(false);
    }

    for (const text of ["Offline one", "Offline two", "Offline three"]) await bubble(ben.page, text).waitFor();
    for (const text of ["Offline one", "Offline two", "Offline three"]) await bubble(ada.page, text).getByTitle(/Sent|Read/).waitFor();
    const shown = await log(ben.page).locator(".message-text").allTextContents();
    expect(shown.filter((text) => text.startsWith("Offline "))).toEqual(["Offline one", "Offline two", "Offline three"]);

    const stored = (await storedTexts(ben, roomId)).filter((m) => m.text?.startsWith("Offline "));
    expect(stored.map((m) => m.text)).toEqual(["Offline one", "Offline two", "Offline three"]);
    expect(stored.map((m) => m.seq)).toEqual([...stored.map((m) => m.seq)].sort((a, b) => a - b));
    await expect.poll(() => ada.page.getByText("Offline — messages will be sent").count()).toBe(0);
  });

  test("the app opens offline with its cached rooms and history", async () => {
    const context = ben.browser.context;
    await ben.page.goto(`${app.url}/`);
    await roomLink(ben.page, /^Ada Lovelace/).waitFor();
    await context.setOffline(true);
    try {
      await ben.page.reload();
      await ben.page.getByText("Offline — messages will be sent when you're back online").waitFor();
      const link = roomLink(ben.page, /^Ada Lovelace/);
      await link.waitFor();
      await link.click();
      await bubble(ben.page, "Offline three").waitFor();
      await bubble(ben.page, "Glad to hear it").waitFor();
    } finally {
      await context.setOffline(false);
    }
    await ben.page.getByText("Offline — messages will be sent").waitFor({ state: "detached" });
    // Back online, the session is renewed and the room is live again.
    await send(ada.page, "Welcome back");
    await bubble(ben.page, "Welcome back").waitFor();
  });

  test(`a room of ${ARCHIVE_SIZE.toLocaleString("en")} messages opens at the newest, keeps its place while older pages load above, and jumps to a quoted original`, async () => {
    const created = await ada.client.call("POST", "/api/rooms", { kind: "group", title: "Archive", member_ids: [ben.id] });
    expect(created.status).toBe(201);
    const roomId = created.body.data.id as string;
    const socket = await ada.client.socket(`/api/rooms/${roomId}/ws?batch=1`);
    for (let i = 0; i < ARCHIVE_SIZE; i++) socket.send({ type: "send", client_msg_id: `archive-${i}`, kind: "text", text: `Archive message ${i}` });
    // Counted as frames arrive: rescanning 10,000 frames on each one would be quadratic.
    let scanned = 0;
    let acked = 0;
    await socket.until((frames) => {
      for (; scanned < frames.length; scanned++) if (frames[scanned]!.type === "ack") acked++;
      return acked >= ARCHIVE_SIZE;
    }, 120_000);
    const firstSeq = socket.frames.find((frame) => frame.type === "ack" && frame.client_msg_id === "archive-0")!.message.seq as number;
    socket.send({ type: "send", client_msg_id: "archive-last", kind: "text", text: "Remember message five?", reply_to: firstSeq + 5 });
    await socket.until((frames) => frames.some((frame) => frame.type === "ack" && frame.client_msg_id === "archive-last"));
    socket.close();

    const page = ben.page;
    await roomLink(page, /^Archive/).click();
    await heading(page, "Archive").waitFor();
    await bubble(page, "Remember message five?").waitFor();
    const rendered = await log(page).locator(".message").count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(80);

    // Scrolled to the top, older pages load above while the message on screen stays put.
    const scroller = log(page);
    // Only rows inside the viewport count: just after a jump to the top, the rows rendered
    // for the old position are still in the document, far below it.
    const firstVisible = () =>
      scroller.evaluate((element) => {
        const { top, bottom } = element.getBoundingClientRect();
        const texts = [...element.querySelectorAll<HTMLElement>(".message-text")];
        const inView = (text: HTMLElement) => text.getBoundingClientRect().top >= top && text.getBoundingClientRect().bottom <= bottom;
        const visible = texts.filter(inView).sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0];
        return visible ? { text: visible.textContent ?? "", y: visible.getBoundingClientRect().top } : null;
      });
    const positionOf = (text: string) =>
      scroller.evaluate((element, wanted) => {
        const found = [...element.querySelectorAll<HTMLElement>(".message-text")].find((candidate) => candidate.textContent === wanted);
        return found ? found.getBoundingClientRect().top : null;
      }, text);
    for (let round = 0; round < 3; round++) {
      await scroller.evaluate((element) => element.scrollTo({ top: 0 }));
      let before: Awaited<ReturnType<typeof firstVisible>> = null;
      await expect.poll(async () => (before = await firstVisible())?.text).toMatch(/^Archive message \d+$/);
      // Once the older page is in, the list has scrolled down by its height (scrollTop > 0)
      // and the message that was at the top is still where it was.
      await expect
        .poll(async () => {
          const y = await positionOf(before!.text);
          return y !== null && (await scroller.evaluate((element) => element.scrollTop)) > 0 ? Math.abs(y - before!.y) : Number.POSITIVE_INFINITY;
        }, { timeout: 10_000 })
        .toBeLessThan(40);
      // The list holds its place while the new rows are measured; the next round scrolls after.
      await page.waitForTimeout(1600);
    }
    expect(await log(page).locator(".message").count()).toBeLessThan(80);

    await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    const quote = bubble(page, "Remember message five?").getByRole("button", { name: /^In reply to / });
    await quote.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.querySelector(".message-text")?.textContent ?? "")).toBe("Archive message 5");
    await page.getByRole("button", { name: "Jump to latest" }).click();
    await bubble(page, "Remember message five?").waitFor();
  }, 180_000);

  test("the messenger has no serious accessibility violations and stays installable", async () => {
    await ada.page.goto(`${app.url}${directPath}`);
    await bubble(ada.page, "Welcome back").waitFor();
    await expectAccessible(ada.page, "room, desktop");
    await ada.page.emulateMedia({ colorScheme: "dark" });
    await expectAccessible(ada.page, "room, desktop, dark");
    await ada.page.emulateMedia({ colorScheme: "light" });

    const cdp = await ada.browser.context.newCDPSession(ada.page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
    await cdp.detach();
    expect(await ada.page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${app.url}/sw.js`);
  });

  test("a phone shows the list or a room, and Back goes from the room to the list; screenshots of both sizes", async () => {
    const page = ada.page;
    await page.setViewportSize(DESKTOP);
    await page.goto(`${app.url}${directPath}`);
    // Receipts come back with the room's hello after a reload.
    await bubble(page, "Welcome back").getByTitle("Read").waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "messenger-desktop-room.png") });
    await page.goto(`${app.url}/`);
    await heading(page, "Welcome to Parley, Ada Lovelace").waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "messenger-desktop-home.png") });

    await page.setViewportSize(PHONE);
    await page.getByRole("heading", { level: 1, name: "Chats" }).waitFor();
    expect(await page.getByRole("log").count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, "messenger-phone-list.png") });
    await page.getByRole("link", { name: /^Ben Bitdiddle/ }).click();
    await heading(page, "Ben Bitdiddle").waitFor();
    await bubble(page, "Welcome back").waitFor();
    expect(await page.getByRole("heading", { name: "Chats" }).count()).toBe(0);
    await expectAccessible(page, "room, phone");
    await page.screenshot({ path: join(SCREENSHOTS, "messenger-phone-room.png") });
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "Chats" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    await page.setViewportSize(DESKTOP);

    // A first-run account sees how to start.
    const cleo = await person("cleo", "Cleo Fresh");
    try {
      await cleo.page.getByText("You don't have any conversations yet").waitFor();
      await cleo.page.screenshot({ path: join(SCREENSHOTS, "messenger-desktop-first-run.png") });
      await cleo.page.setViewportSize(PHONE);
      await cleo.page.getByText("You don't have any conversations yet").waitFor();
      await cleo.page.screenshot({ path: join(SCREENSHOTS, "messenger-phone-first-run.png") });
    } finally {
      await cleo.browser.close();
    }
  });

  test("signing out clears this browser's copy of the account", async () => {
    const page = ben.page;
    const database = `parley-${ben.id}`;
    expect(await page.evaluate(async (name) => (await indexedDB.databases()).some((db) => db.name === name), database)).toBe(true);
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("button", { name: "Sign out here" }).click();
    await heading(page, "Sign in to Parley").waitFor();
    await expect.poll(() => page.evaluate(async (name) => (await indexedDB.databases()).some((db) => db.name === name), database)).toBe(false);
    expect(await page.evaluate(() => localStorage.getItem("parley.user"))).toBeNull();
  });

  async function expectAccessible(page: Page, where: string) {
    await page.waitForFunction(() => document.getAnimations().filter((a) => a.playState === "running" && !(a as CSSAnimation).animationName?.startsWith("typing")).length === 0);
    const violations = await seriousViolations(page);
    expect(violations, where).toEqual([]);
  }
});
