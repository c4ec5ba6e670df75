import { seriousViolations } from "../support/accessibility";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AuthResult } from "../../schema/api";
import { chromiumAvailable, launchBrowser, type Browser } from "../support/browser";
import { startApp, type RunningApp } from "../support/server";

const PASSWORD = "Sturdy-Pass1";
const SCREENSHOTS = join(import.meta.dirname, "../../docs/screenshots");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

describe.skipIf(!chromiumAvailable())("new chat, room details, invites and settings in a real browser", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  // Shared by the tests, in order: the group made in the first is managed in the second, and so on.
  let groupId = "";
  let inviteUrl = "";
  let ada: AuthResult;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    page = browser.page;
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
    await mkdir(SCREENSHOTS, { recursive: true });
    // Ada also has a session outside the browser, as if on a laptop: settings revokes it.
    ada = await register("ada", "Ada Lovelace", "Test laptop");
    await register("bob", "Bob Kahn");
    await register("carol", "Carol Shaw");
    await register("dave", "Dave Cutler");
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function register(username: string, displayName: string, deviceName?: string): Promise<AuthResult> {
    const response = await fetch(`${app.url}/api/auth/register`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password: PASSWORD, display_name: displayName, device_name: deviceName }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { data: AuthResult }).data;
  }

  async function api(path: string, token: string) {
    const response = await fetch(`${app.url}/api${path}`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as { data?: any } };
  }

  const path = (on = page) => new URL(on.url()).pathname;
  const heading = (name: string | RegExp, on = page) => on.getByRole("heading", { level: 1, name });

  async function signIn(username: string, on = page) {
    await on.goto(`${app.url}/signin`);
    await on.getByLabel("Username", { exact: true }).fill(username);
    await on.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await on.getByRole("button", { name: "Sign in" }).click();
    await on.waitForURL((url) => url.pathname === "/");
  }

  /** Opens a path the way a link inside the app does, so the session in memory carries on. */
  async function go(to: string) {
    await page.evaluate((target) => {
      history.pushState(null, "", target);
      dispatchEvent(new PopStateEvent("popstate"));
    }, to);
  }

  async function searchAndChoose(label: string, query: string, action: string | RegExp) {
    await page.getByLabel(label, { exact: true }).fill(query);
    await page.getByRole("button", { name: action }).click();
  }

  async function expectAccessible(where: string, on = page) {
    await on.waitForFunction(() => document.getAnimations().length === 0);
    const violations = await seriousViolations(on);
    expect(violations, where).toEqual([]);
  }

  /**
   * Axe at phone and desktop sizes, with a screenshot of each for the docs. Crossing the
   * 768px breakpoint swaps the messenger's layout and renders the screen afresh, so
   * `restore` puts back whatever the test had typed or opened.
   */
  async function checkScreen(name: string, restore?: () => Promise<void>, on = page) {
    for (const [size, viewport] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
      await on.setViewportSize(viewport);
      await restore?.();
      await expectAccessible(`${name} (${size})`, on);
      await on.screenshot({ path: join(SCREENSHOTS, `screens-${name}-${size}.png`) });
    }
  }

  test("new chat opens a direct conversation with a person found by name, and creates a group with chosen members", async () => {
    await page.setViewportSize(DESKTOP);
    await signIn("ada");
    await go("/new");
    await heading("New chat").waitFor();

    await checkScreen("new-chat-search", async () => {
      await page.getByLabel("Find people", { exact: true }).fill("bo");
      await page.getByRole("status").filter({ hasText: "1 person found" }).waitFor();
    });
    await page.getByRole("button", { name: /^Message Bob Kahn\s*@bob$/ }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/rooms/"));
    const directId = decodeURIComponent(path().split("/")[2]!);
    const direct = await api(`/rooms/${directId}`, ada.access_token);
    expect(direct.body.data).toMatchObject({ kind: "direct", title: "Bob Kahn" });

    await go("/new");
    await heading("New chat").waitFor();
    const chosen = page.getByRole("list", { name: "People to add" });
    const fillGroup = async () => {
      await page.getByLabel("Name", { exact: true }).fill("Apollo");
      await page.getByLabel(/^Description/).fill("Guidance computer");
      await searchAndChoose("Add people", "carol", /^Add Carol Shaw\s*@carol$/);
      await searchAndChoose("Add people", "bob", /^Add Bob Kahn\s*@bob$/);
      await expect
        .poll(() => chosen.getByRole("listitem").allTextContents())
        .toEqual([expect.stringContaining("Carol Shaw"), expect.stringContaining("Bob Kahn")]);
    };
    await fillGroup();
    await page.getByRole("button", { name: "Remove Carol Shaw" }).click();
    await expect.poll(() => chosen.getByRole("listitem").count()).toBe(1);
    // Removed people are offered again; chosen ones are not.
    await searchAndChoose("Add people", "carol", /^Add Carol Shaw\s*@carol$/);
    await expect.poll(() => chosen.getByRole("listitem").count()).toBe(2);
    await page.getByLabel("Add people", { exact: true }).fill("bob");
    await page.getByRole("status").filter({ hasText: "Nobody matches" }).waitFor();
    await checkScreen("new-chat-group", fillGroup);

    await page.getByRole("button", { name: "Create group" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/rooms/") && !url.pathname.includes(directId));
    groupId = decodeURIComponent(path().split("/")[2]!);
    const group = await api(`/rooms/${groupId}`, ada.access_token);
    expect(group.body.data).toMatchObject({ kind: "group", title: "Apollo", description: "Guidance computer", my_role: "owner" });
    expect(group.body.data.members.map((m: { user: { username: string } }) => m.user.username).sort()).toEqual(["ada", "bob", "carol"]);
  });

  test("a group with an empty name is refused beside the field", async () => {
    await go("/new");
    await heading("New chat").waitFor();
    await page.getByRole("button", { name: "Create group" }).click();
    const error = page.locator("#field-title-error");
    await error.waitFor();
    expect(await page.getByLabel("Name", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(path()).toBe("/new");
  });

  test("room details: the owner renames the group, adds and removes a member, mutes it, and creates an invite link", async () => {
    await go(`/rooms/${encodeURIComponent(groupId)}/details`);
    await heading("Apollo").waitFor();
    await checkScreen("room-details");

    await page.getByLabel("Name", { exact: true }).fill("Apollo Guidance");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await heading("Apollo Guidance").waitFor();
    expect((await api(`/rooms/${groupId}`, ada.access_token)).body.data.title).toBe("Apollo Guidance");

    await searchAndChoose("Add a member", "dave", /^Add Dave Cutler\s*@dave$/);
    await page.getByRole("status").filter({ hasText: "Dave Cutler was added." }).waitFor();
    const members = page.locator(".member-list");
    await expect.poll(() => members.textContent()).toContain("Dave Cutler");
    await page.getByRole("button", { name: "Remove Dave Cutler" }).click();
    await expect.poll(() => members.textContent()).not.toContain("Dave Cutler");
    const after = (await api(`/rooms/${groupId}`, ada.access_token)).body.data;
    expect(after.members.map((m: { user: { username: string } }) => m.user.username).sort()).toEqual(["ada", "bob", "carol"]);
    // Nobody is offered a button to remove themself: that is leaving.
    expect(await page.getByRole("button", { name: "Remove Ada Lovelace" }).count()).toBe(0);

    await page.getByRole("switch", { name: /Favorite/ }).check();
    await expect.poll(async () => (await api(`/rooms/${groupId}`, ada.access_token)).body.data.favorite).toBe(true);
    await page.getByRole("button", { name: "1 hour" }).click();
    await page.getByRole("button", { name: "Unmute", exact: true }).waitFor();
    const muted = (await api(`/rooms/${groupId}`, ada.access_token)).body.data.muted_until as string;
    expect(Date.parse(muted) - Date.now()).toBeGreaterThan(50 * 60_000);
    await page.getByRole("button", { name: "Unmute", exact: true }).click();
    await page.getByRole("button", { name: "Until I unmute" }).waitFor();
    expect((await api(`/rooms/${groupId}`, ada.access_token)).body.data.muted_until).toBeNull();

    const link = page.getByLabel("Link to share", { exact: true });
    const createLink = async () => {
      await page.getByLabel("Link expires after").selectOption({ label: "1 day" });
      await page.getByLabel(/^Number of uses/).fill("5");
      await page.getByRole("button", { name: "Create link" }).click();
      await link.waitFor();
    };
    await createLink();
    inviteUrl = await link.inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${app.url}/join/[\\w-]+$`));
    expect(await page.locator(".invite-result").textContent()).toContain("up to 5 uses");
    await page.getByRole("button", { name: "Copy link" }).click();
    await page.getByRole("status").filter({ hasText: "Link copied." }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(inviteUrl);
    await checkScreen("room-details-invite", createLink);

    const dialog = page.getByRole("dialog", { name: "Leave “Apollo Guidance”?" });
    const openLeave = async () => {
      await page.getByRole("button", { name: "Leave…" }).click();
      await dialog.waitFor();
    };
    await openLeave();
    expect(await dialog.textContent()).toContain("ownership passes");
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await checkScreen("room-details-leave", openLeave);
    await page.keyboard.press("Escape");
  });

  test("someone signed out opens the invite link, sees what it leads to, signs up, comes back and joins", async () => {
    const other = await launchBrowser();
    try {
      const guest = other.page;
      await guest.setViewportSize(PHONE);
      await guest.goto(inviteUrl);
      await heading("Apollo Guidance", guest).waitFor();
      expect(await guest.locator(".join-card").textContent()).toContain("3 members");
      await checkScreen("join-signed-out", undefined, guest);

      await guest.getByRole("button", { name: "Create an account" }).click();
      await guest.waitForURL((url) => url.pathname === "/signup");
      await guest.getByLabel("Username", { exact: true }).fill("eve");
      await guest.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await guest.getByRole("button", { name: "Create account" }).click();

      await guest.waitForURL((url) => url.pathname === new URL(inviteUrl).pathname);
      const join = guest.getByRole("button", { name: "Join group" });
      await join.waitFor();
      await checkScreen("join-signed-in", undefined, guest);
      await join.click();
      await guest.waitForURL((url) => url.pathname === `/rooms/${encodeURIComponent(groupId)}`);
      const members = (await api(`/rooms/${groupId}`, ada.access_token)).body.data.members as { user: { username: string } }[];
      expect(members.map((m) => m.user.username)).toContain("eve");

      // A used-up or unknown link says so instead of failing silently.
      await guest.goto(`${app.url}/join/${"x".repeat(22)}`);
      await heading("This invite link doesn't work anymore", guest).waitFor();
    } finally {
      await other.close();
    }
  });

  test("a direct conversation's details show the other person instead of members and invites", async () => {
    const rooms = (await api("/rooms", ada.access_token)).body.data as { id: string; kind: string }[];
    const direct = rooms.find((room) => room.kind === "direct")!;
    await go(`/rooms/${encodeURIComponent(direct.id)}/details`);
    await heading("Bob Kahn").waitFor();
    expect(await page.locator(".room-summary").textContent()).toContain("@bob");
    expect(await page.getByRole("button", { name: "Create link" }).count()).toBe(0);
    expect(await page.getByLabel("Add a member").count()).toBe(0);
    await page.getByRole("button", { name: "Leave conversation…" }).waitFor();
    await checkScreen("room-details-direct");
  });

  test("settings: display name, theme and language change at once; another device is signed out; the account is deleted", async () => {
    await go("/settings");
    await heading("Settings").waitFor();
    await checkScreen("settings");

    await page.getByLabel("Display name", { exact: true }).fill("Augusta Ada King");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByRole("status").filter({ hasText: "Profile saved." }).waitFor();
    expect((await api("/me", ada.access_token)).body.data.display_name).toBe("Augusta Ada King");

    const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? null);
    await page.getByRole("radio", { name: "Dark", exact: true }).check();
    expect(await theme()).toBe("dark");
    await checkScreen("settings-dark");
    await page.getByRole("radio", { name: "Light", exact: true }).check();
    expect(await theme()).toBe("light");
    await page.getByRole("radio", { name: /Match this device/ }).check();
    expect(await theme()).toBeNull();

    await page.getByRole("radio", { name: "한국어" }).check();
    await heading("설정").waitFor();
    expect(await page.getByRole("button", { name: "프로필 저장" }).count()).toBe(1);
    // Checked but not photographed: this machine's Chromium has no Korean font.
    await expectAccessible("settings in Korean");
    await page.getByRole("radio", { name: "English" }).check();
    await heading("Settings").waitFor();

    const sessions = page.locator(".session-list");
    await expect.poll(() => sessions.textContent()).toContain("Test laptop");
    expect(await sessions.textContent()).toContain("This device");
    await page.getByRole("button", { name: "Sign out Test laptop" }).click();
    await expect.poll(() => sessions.textContent()).not.toContain("Test laptop");
    expect((await api("/me", ada.access_token)).status).toBe(401);

    const dialog = page.getByRole("dialog", { name: "Delete your account?" });
    const openDelete = async () => {
      await page.getByRole("button", { name: "Delete account…" }).click();
      await dialog.waitFor();
    };
    await checkScreen("settings-delete", openDelete);
    await dialog.getByLabel("Password", { exact: true }).fill("Wrong-Pass1");
    await dialog.getByRole("button", { name: "Delete my account" }).click();
    await dialog.locator("#field-password-error").filter({ hasText: "That password is not right." }).waitFor();
    expect(await dialog.getByLabel("Password", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    await dialog.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await dialog.getByRole("button", { name: "Delete my account" }).click();
    await page.waitForURL((url) => url.pathname === "/signin");

    await page.getByLabel("Username", { exact: true }).fill("ada");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    // A refused sign-in still hashes the password (so it takes as long as a right one).
    await expect.poll(() => page.locator(".form-alert[role=alert]").textContent(), { timeout: 15_000 }).toBe("The username or password is incorrect.");
    expect(path()).toBe("/signin");
  });
});
