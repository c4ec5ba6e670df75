import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AuthResult } from "../../schema/api";
import { seriousViolations } from "../support/accessibility";
import { chromiumAvailable, launchBrowser, type Browser } from "../support/browser";
import { api, Client } from "../support/client";
import { startApp, type RunningApp } from "../support/server";

const PASSWORD = "Sturdy-Pass1";
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SPAM = "Cheap watches at spam.example, today only";
const SCREENSHOTS = join(import.meta.dirname, "../../docs/screenshots");

interface Person {
  name: string;
  username: string;
  client: Client;
  browser: Browser;
  page: Page;
}

describe.skipIf(!chromiumAvailable())("the admin area and reporting, in real browsers", () => {
  let app: RunningApp;
  // Grace signs up first, so she is the instance's administrator.
  let grace: Person;
  let ben: Person;
  let mallory: Person;
  let roomId = "";

  beforeAll(async () => {
    app = await startApp();
    await mkdir(SCREENSHOTS, { recursive: true });
    grace = await person("grace", "Grace Hopper");
    ben = await person("ben", "Ben Bitdiddle");
    mallory = await person("mallory", "Mallory Spammer");
    const room = await ben.client.call("POST", "/api/rooms", { kind: "group", title: "Book club", member_ids: [mallory.client.user.id] });
    expect(room.status).toBe(201);
    roomId = room.body.data.id;
    for (const text of ["Who has read Dune?", "Me, twice"]) await ben.client.call("POST", `/api/rooms/${roomId}/messages`, { client_msg_id: text, kind: "text", text });
    await mallory.client.call("POST", `/api/rooms/${roomId}/messages`, { client_msg_id: "spam", kind: "text", text: SPAM });
    await ben.client.call("POST", `/api/rooms/${roomId}/messages`, { client_msg_id: "after", kind: "text", text: "Not again" });
    await Promise.all([signIn(grace), signIn(ben), signIn(mallory)]);
  });

  afterAll(async () => {
    for (const who of [grace, ben, mallory]) await who?.browser.close();
    await app?.close();
  });

  async function person(username: string, name: string): Promise<Person> {
    const res = await api(app.url, "POST", "/api/auth/register", { username, password: PASSWORD, display_name: name });
    expect(res.status).toBe(201);
    const auth = res.body.data as AuthResult;
    const browser = await launchBrowser();
    await browser.page.setViewportSize(DESKTOP);
    return { name, username, client: new Client(app.url, auth.access_token, auth.user), browser, page: browser.page };
  }

  async function signIn(who: Person) {
    await who.page.goto(`${app.url}/signin`);
    await who.page.getByLabel("Username", { exact: true }).fill(who.username);
    await who.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await who.page.getByRole("button", { name: "Sign in" }).click();
    await who.page.waitForURL((url) => url.pathname === "/");
  }

  const heading = (page: Page, name: string | RegExp, level = 1) => page.getByRole("heading", { level, name });
  const section = (page: Page, name: string) => page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name, exact: true });
  const dialog = (page: Page) => page.getByRole("dialog");
  const bubble = (page: Page, text: string) => page.getByRole("log").locator(".message").filter({ has: page.locator(".message-text", { hasText: text }) });

  async function expectAccessible(page: Page) {
    expect(await seriousViolations(page)).toEqual([]);
  }

  /**
   * Axe at phone and desktop sizes, with a screenshot of each for the docs. Crossing the
   * 768px breakpoint renders the screen afresh, so `ready` waits for its content again.
   */
  async function checkScreen(page: Page, name: string, ready: () => Promise<unknown>) {
    for (const [size, viewport] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
      await page.setViewportSize(viewport);
      await ready();
      await expectAccessible(page);
      await page.screenshot({ path: join(SCREENSHOTS, `admin-${name}-${size}.png`), fullPage: true });
    }
  }

  async function cardValue(page: Page, label: string): Promise<string> {
    const card: Locator = page.locator(".admin-stat").filter({ has: page.getByText(label, { exact: true }) });
    return (await card.locator("dd").textContent()) ?? "";
  }

  test("members see no way into the admin area, and its address is not found for them", async () => {
    await ben.page.getByRole("link", { name: "Settings" }).first().click();
    await heading(ben.page, "Settings").waitFor();
    expect(await ben.page.getByRole("link", { name: "Open the admin area" }).count()).toBe(0);
    await ben.page.evaluate(() => {
      history.pushState(null, "", "/admin/users");
      dispatchEvent(new PopStateEvent("popstate"));
    });
    await heading(ben.page, "Page not found").waitFor();
  });

  test("the administrator opens the admin area from settings and sees the instance's numbers", async () => {
    await grace.page.getByRole("link", { name: "Settings" }).first().click();
    await grace.page.getByRole("link", { name: "Open the admin area" }).click();
    await heading(grace.page, "Administration").waitFor();
    expect(new URL(grace.page.url()).pathname).toBe("/admin");
    await heading(grace.page, "Overview", 2).waitFor();
    await grace.page.locator(".admin-stat").first().waitFor();
    expect(await cardValue(grace.page, "People")).toBe("3");
    expect(await cardValue(grace.page, "Active today")).toBe("3");
    expect(await cardValue(grace.page, "Rooms")).toBe("1");
    expect(await cardValue(grace.page, "Blocked")).toBe("0");
    expect(await section(grace.page, "Overview").getAttribute("aria-current")).toBe("page");
    await checkScreen(grace.page, "overview", () => grace.page.locator(".admin-stat").first().waitFor());
  });

  test("the administrator finds Mallory and blocks her: her open page is signed out and she cannot sign back in", async () => {
    await mallory.page.getByRole("navigation").getByRole("link", { name: /Book club/ }).click();
    await bubble(mallory.page, SPAM).waitFor();

    await section(grace.page, "People").click();
    await grace.page.getByLabel("Find people").fill("mall");
    const block = grace.page.getByRole("button", { name: "Block Mallory Spammer" });
    await block.click();
    await heading(grace.page, "Block Mallory Spammer?", 2).waitFor();
    await expectAccessible(grace.page);
    await dialog(grace.page).getByRole("button", { name: "Block", exact: true }).click();
    await grace.page.getByRole("button", { name: "Unblock Mallory Spammer" }).waitFor();
    expect(await grace.page.locator(".admin-row", { hasText: "Mallory Spammer" }).getByText("Blocked", { exact: true }).count()).toBe(1);
    await checkScreen(grace.page, "people", () => grace.page.getByRole("button", { name: "Unblock Mallory Spammer" }).waitFor());

    await mallory.page.waitForURL((url) => url.pathname === "/signin");
    await mallory.page.getByLabel("Username", { exact: true }).fill(mallory.username);
    await mallory.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await mallory.page.getByRole("button", { name: "Sign in" }).click();
    await mallory.page.getByRole("alert").filter({ hasText: "This account has been disabled." }).waitFor();
    expect(new URL(mallory.page.url()).pathname).toBe("/signin");
  });

  test("Ben reports Mallory's message from its menu, with a reason and a note", async () => {
    await ben.page.getByRole("navigation").getByRole("link", { name: /Book club/ }).click();
    const message = bubble(ben.page, SPAM);
    await message.waitFor();
    await message.hover();
    await message.getByRole("button", { name: "Message actions" }).click();
    // His own messages offer no Report; Mallory's does.
    await message.getByRole("group", { name: "Message actions" }).getByRole("button", { name: "Report", exact: true }).click();
    await heading(ben.page, "Report this message", 2).waitFor();
    await dialog(ben.page).getByLabel("Spam or scam").check();
    await dialog(ben.page).getByLabel(/Anything the administrators should know/).fill("Posts this in every room");
    await expectAccessible(ben.page);
    await ben.page.screenshot({ path: join(SCREENSHOTS, "admin-report-dialog-desktop.png") });
    await dialog(ben.page).getByRole("button", { name: "Send report" }).click();
    await dialog(ben.page).getByRole("status").filter({ hasText: "Thank you" }).waitFor();
    await dialog(ben.page).getByRole("button", { name: "Done" }).click();
    await dialog(ben.page).waitFor({ state: "hidden" });

    const own = bubble(ben.page, "Not again");
    await own.hover();
    await own.getByRole("button", { name: "Message actions" }).click();
    expect(await own.getByRole("group", { name: "Message actions" }).getByRole("button", { name: "Report", exact: true }).count()).toBe(0);
    await ben.page.keyboard.press("Escape");
  });

  test("the administrator sees the report in context and deletes the message, which disappears for Ben", async () => {
    await section(grace.page, "Reports").click();
    const report = grace.page.getByRole("article", { name: "Spam or scam in Book club" });
    await report.waitFor();
    expect(await report.textContent()).toContain("Reported by Ben Bitdiddle");
    expect(await report.textContent()).toContain("Posts this in every room");
    const context = report.getByRole("list", { name: "The message in context" }).getByRole("listitem");
    expect(await context.allTextContents()).toEqual([
      expect.stringContaining("created"),
      "Ben Bitdiddle: Who has read Dune?",
      "Ben Bitdiddle: Me, twice",
      `Reported message: Mallory Spammer: ${SPAM}`,
      "Ben Bitdiddle: Not again",
    ]);
    await checkScreen(grace.page, "reports", () => report.waitFor());

    await report.getByRole("button", { name: "Delete message" }).click();
    await heading(grace.page, "Delete this message?", 2).waitFor();
    await dialog(grace.page).getByRole("button", { name: "Delete message" }).click();
    await grace.page.getByText("No open reports.").waitFor();

    await bubble(ben.page, SPAM).waitFor({ state: "detached" });
    await ben.page.getByRole("log").getByText("Message deleted").waitFor();
    const stored = await ben.client.call("GET", `/api/rooms/${roomId}/messages`);
    expect(stored.body.data.messages.find((m: { client_msg_id: string | null }) => m.client_msg_id === "spam")).toMatchObject({ deleted: true, text: null });

    await grace.page.getByRole("button", { name: "Resolved" }).click();
    await grace.page.getByText("Message deleted by Grace Hopper").waitFor();
  });

  test("the audit log lists what the administrator did, newest first", async () => {
    await section(grace.page, "Audit log").click();
    const entries = grace.page.locator(".admin-audit > li p:first-child");
    await entries.first().waitFor();
    expect(await entries.allTextContents()).toEqual([
      "Grace Hopper deleted a reported message from Mallory Spammer",
      "Grace Hopper blocked Mallory Spammer",
    ]);
    await checkScreen(grace.page, "audit", () => entries.first().waitFor());

    await section(grace.page, "Overview").click();
    await grace.page.locator(".admin-stat").first().waitFor();
    expect(await cardValue(grace.page, "Blocked")).toBe("1");
  });
});
