import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AuthResult } from "../../schema/api";
import { seriousViolations } from "../support/accessibility";
import { chromiumAvailable, launchBrowser, type Browser } from "../support/browser";
import { Client } from "../support/client";
import { startApp, type RunningApp } from "../support/server";

const PASSWORD = "Sturdy-Pass1";
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const FILLER = 300;
const TREASURE = "The hidden treasure map is in the attic";
const TREASURE_AT = 20;

describe.skipIf(!chromiumAvailable())("searching from the room list", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let ben: Client;

  beforeAll(async () => {
    // Seeding hundreds of messages through one socket needs more than the default 50 frames/s.
    app = await startApp({ vars: { ROOM_SOCKET_FRAMES_PER_SECOND: "100000" } });
    const ada = await register("ada", "Ada Lovelace");
    ben = new Client(app.url, (await register("ben", "Ben Bitdiddle")).access_token, { id: "", username: "ben" });
    const created = await ben.call("POST", "/api/rooms", { kind: "group", title: "Archive", member_ids: [ada.user.id] });
    expect(created.status).toBe(201);
    const socket = await ben.socket(`/api/rooms/${created.body.data.id}/ws?batch=1`);
    for (let i = 0; i < FILLER; i++) {
      socket.send({ type: "send", client_msg_id: `m-${i}`, kind: "text", text: i === TREASURE_AT ? TREASURE : `Filler message ${i}` });
    }
    let acked = 0;
    let scanned = 0;
    await socket.until((frames) => {
      for (; scanned < frames.length; scanned++) if (frames[scanned]!.type === "ack") acked++;
      return acked >= FILLER;
    }, 60_000);
    socket.close();

    browser = await launchBrowser();
    page = browser.page;
    await page.setViewportSize(DESKTOP);
    await page.goto(`${app.url}/signin`);
    await page.getByLabel("Username", { exact: true }).fill("ada");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation").getByRole("link", { name: /^Archive/ }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function register(username: string, name: string): Promise<AuthResult> {
    const response = await fetch(`${app.url}/api/auth/register`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password: PASSWORD, display_name: name }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { data: AuthResult }).data;
  }

  const searchBox = () => page.getByRole("search").getByRole("searchbox", { name: "Search chats, people and messages" });
  const results = () => page.locator("#search-results");
  const hit = (text: string | RegExp) => results().getByRole("button").filter({ hasText: text });
  const bubble = (text: string) => page.getByRole("log").locator(".message").filter({ has: page.locator(".message-text", { hasText: text }) });
  async function expectAccessible(where: string) {
    // A colour mid-transition (the theme just changed) is no real contrast problem.
    await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== "running"));
    expect(await seriousViolations(page), where).toEqual([]);
  }

  const focusedText = () => page.evaluate(() => document.activeElement?.querySelector(".message-text")?.textContent ?? "");

  test("finds a message from an older page of a room; choosing it by keyboard opens the room there, highlighted", async () => {
    await searchBox().fill("treasure attic");
    const found = hit(/hidden treasure/);
    await found.waitFor();
    expect(await results().getByRole("heading", { name: "Archive" }).count()).toBe(1);
    expect(await found.locator("mark").allTextContents()).toEqual(["treasure", "attic"]);
    expect(await found.textContent()).toContain("Ben Bitdiddle");

    const highlighted = page.locator(".message[data-highlighted]").filter({ hasText: TREASURE }).waitFor();
    await searchBox().press("ArrowDown");
    expect(await page.evaluate(() => document.activeElement?.textContent ?? "")).toContain(TREASURE);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Archive" }).waitFor();
    await highlighted;
    await expect.poll(focusedText).toBe(TREASURE);
    // The history around it is loaded, and the newest page is not.
    await bubble(`Filler message ${TREASURE_AT - 1}`).waitFor();
    await bubble(`Filler message ${TREASURE_AT + 1}`).waitFor();
    expect(await bubble(`Filler message ${FILLER - 1}`).count()).toBe(0);
    await page.getByRole("button", { name: "Jump to latest" }).click();
    await bubble(`Filler message ${FILLER - 1}`).waitFor();
  });

  test("has no serious accessibility violations while showing results, on a desktop and a phone", async () => {
    await searchBox().fill("ben");
    await results().getByRole("button", { name: /^Message Ben Bitdiddle/ }).waitFor();
    await expectAccessible("people, desktop");
    await searchBox().fill("treasure");
    await hit(/hidden treasure/).waitFor();
    await expectAccessible("messages, desktop");
    await page.emulateMedia({ colorScheme: "dark" });
    await expectAccessible("messages, desktop, dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize(PHONE);
    await page.goto(`${app.url}/`);
    await searchBox().fill("treasure");
    await hit(/hidden treasure/).waitFor();
    await expectAccessible("messages, phone");
    await page.setViewportSize(DESKTOP);
    await searchBox().press("Escape");
    expect(await searchBox().inputValue()).toBe("");
  });

  test("offline, searches the messages saved on this device and opens the room at one of them", async () => {
    await page.goto(`${app.url}/`);
    await searchBox().waitFor();
    await browser.context.setOffline(true);
    try {
      await searchBox().fill("attic");
      const found = hit(/hidden treasure/);
      await found.waitFor();
      await results().getByText("You're offline: these are messages saved on this device.").waitFor();
      expect(await found.locator("mark").allTextContents()).toEqual(["attic"]);
      // Only what this device has seen: the room's older filler was never loaded here.
      await searchBox().fill('"Filler message 150"');
      await results().getByText("Nothing matches").waitFor();

      await searchBox().fill("attic");
      const highlighted = page.locator(".message[data-highlighted]").filter({ hasText: TREASURE }).waitFor();
      await hit(/hidden treasure/).click();
      await highlighted;
      await expect.poll(focusedText).toBe(TREASURE);
    } finally {
      await browser.context.setOffline(false);
    }
  });
});
