import { seriousViolations } from "../support/accessibility";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ConsoleMessage, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { chromiumAvailable, launchBrowser, type Browser } from "../support/browser";
import { startApp, type RunningApp } from "../support/server";

const PASSWORD = "Sturdy-Pass1";
const REFRESH_COOKIE = "parley_refresh";
const DIST_WEB = join(import.meta.dirname, "../../dist/web");

describe.skipIf(!chromiumAvailable())("the PWA's accounts in a real browser", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const path = () => new URL(page.url()).pathname;
  const open = (to: string) => page.goto(`${app.url}${to}`);
  const heading = (name: string) => page.getByRole("heading", { level: 1, name });
  const field = (label: string) => page.getByLabel(label, { exact: true });
  const rule = (input: string, id: string) => page.locator(`#field-${input}-hint [data-rule="${id}"]`);

  async function createAccount(username: string, displayName?: string) {
    const response = await fetch(`${app.url}/api/auth/register`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password: PASSWORD, display_name: displayName }),
    });
    expect(response.status).toBe(201);
  }

  // Each test starts signed out on a fresh page; the profile (and its service worker) stays.
  // The page is left first: a refresh still in flight from the last test (the messenger shows
  // from the cached user before the server confirms) could otherwise set the cookie again.
  async function startSignedOut() {
    await page.goto("about:blank");
    await browser.context.clearCookies();
    await open("/signin");
    await heading("Sign in to Parley").waitFor();
  }

  async function signInThroughPage(username: string, password = PASSWORD) {
    await field("Username").fill(username);
    await field("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  // Signing out lives in Settings, beside this device's other sessions.
  async function signOutThroughSettings(tab: Page = page) {
    await tab.getByRole("link", { name: "Settings" }).click();
    await tab.getByRole("button", { name: "Sign out here" }).click();
  }

  async function refreshCookie() {
    // Not filtered by URL: the cookie's path is /api/auth, so the page's own URL would miss it.
    const cookies = await browser.context.cookies();
    return cookies.find((cookie) => cookie.name === REFRESH_COOKIE);
  }

  test("a new visitor signs up through the real page: rules tick off as they type, a taken username shows beside the field, then sign-up lands in the messenger", async () => {
    await createAccount("taken_name");
    await browser.context.clearCookies();
    await open("/");
    await heading("Sign in to Parley").waitFor();
    expect(path()).toBe("/signin");

    await page.getByRole("link", { name: "Create an account" }).click();
    await heading("Create your account").waitFor();
    expect(path()).toBe("/signup");

    expect(await rule("username", "length").getAttribute("data-state")).toBe("pending");
    await field("Username").pressSequentially("ta");
    await expect.poll(() => rule("username", "length").getAttribute("data-state")).toBe("unmet");
    expect(await rule("username", "charset").getAttribute("data-state")).toBe("met");
    await expect.poll(() => rule("username", "length").textContent()).toContain("✗");
    await field("Username").pressSequentially("ken name");
    await expect.poll(() => rule("username", "charset").getAttribute("data-state")).toBe("unmet");
    await field("Username").fill("taken_name");
    await expect.poll(() => rule("username", "charset").getAttribute("data-state")).toBe("met");
    expect(await rule("username", "length").textContent()).toContain("✓");

    await field("Password").pressSequentially("sturdy");
    await expect.poll(() => rule("password", "lower").getAttribute("data-state")).toBe("met");
    for (const id of ["length", "upper", "digit"]) expect(await rule("password", id).getAttribute("data-state")).toBe("unmet");
    await field("Password").fill(PASSWORD);
    for (const id of ["length", "lower", "upper", "digit"]) {
      await expect.poll(() => rule("password", id).getAttribute("data-state")).toBe("met");
    }

    await page.getByRole("button", { name: "Create account" }).click();
    const usernameError = page.locator("#field-username-error");
    await usernameError.waitFor();
    expect(await usernameError.textContent()).toMatch(/username is taken/i);
    expect(await field("Username").getAttribute("aria-invalid")).toBe("true");
    expect(await field("Username").getAttribute("aria-describedby")).toContain("field-username-error");
    expect(path()).toBe("/signup");

    await field("Username").fill("ada.l");
    await expect.poll(() => usernameError.count()).toBe(0);
    await page.getByLabel(/^Display name/).fill("Ada Lovelace");
    await page.getByRole("button", { name: "Create account" }).click();

    await heading("Welcome to Parley, Ada Lovelace").waitFor();
    expect(path()).toBe("/");
    // A new account has no conversations yet: the messenger explains how to start one.
    await page.getByRole("main").getByRole("link", { name: "New chat" }).waitFor();
    expect(await page.getByRole("link", { name: "Settings" }).isVisible()).toBe(true);
  });

  test("the refresh token never reaches page scripts, and a reload restores the session from the HttpOnly cookie", async () => {
    await createAccount("grace", "Grace Hopper");
    await startSignedOut();
    // Every sign-in and refresh answer the page receives, read as it arrives.
    const authAnswers: Promise<unknown>[] = [];
    const onResponse = (response: Response) => {
      if (new URL(response.url()).pathname.startsWith("/api/auth/") && response.ok()) {
        authAnswers.push(response.json().catch(() => undefined));
      }
    };
    page.on("response", onResponse);

    await signInThroughPage("grace");
    await heading("Welcome to Parley, Grace Hopper").waitFor();

    const cookie = await refreshCookie();
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/api/auth" });
    const token = cookie!.value;

    const visible = await page.evaluate(async () => {
      const databases = await indexedDB.databases();
      const stored: string[] = [];
      for (const { name } of databases) {
        if (!name) continue;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const opening = indexedDB.open(name);
          opening.onsuccess = () => resolve(opening.result);
          opening.onerror = () => reject(opening.error);
        });
        for (const storeName of Array.from(db.objectStoreNames)) {
          const values = await new Promise<unknown[]>((resolve, reject) => {
            const reading = db.transaction(storeName).objectStore(storeName).getAll();
            reading.onsuccess = () => resolve(reading.result);
            reading.onerror = () => reject(reading.error);
          });
          stored.push(JSON.stringify(values));
        }
        db.close();
      }
      const dump = (storage: Storage) => Object.keys(storage).map((key) => `${key}=${storage.getItem(key)}`);
      return {
        cookie: document.cookie,
        local: dump(localStorage),
        session: dump(sessionStorage),
        indexedDb: stored,
      };
    });
    expect(visible.cookie).not.toContain(REFRESH_COOKIE);
    expect(visible.cookie).not.toContain(token);
    for (const entry of [...visible.local, ...visible.session, ...visible.indexedDb]) {
      expect(entry).not.toContain(token);
      // An access token is a JWT; none belongs in storage that outlives the page.
      expect(entry).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\./);
    }

    await page.reload();
    await heading("Welcome to Parley, Grace Hopper").waitFor();
    expect(path()).toBe("/");
    // The reload exchanged the cookie: it now holds a new refresh token.
    expect((await refreshCookie())?.value).not.toBe(token);

    page.off("response", onResponse);
    const answers = (await Promise.all(authAnswers)).filter((answer) => answer !== undefined);
    expect(answers.length).toBeGreaterThanOrEqual(2);
    for (const answer of answers) expect(answer).toMatchObject({ data: { refresh_token: null } });
  });

  test("signing out returns to sign-in and stays there after a reload; a wrong password is refused; signing in again works", async () => {
    await createAccount("linus", "Linus");
    await startSignedOut();
    await signInThroughPage("linus");
    await heading("Welcome to Parley, Linus").waitFor();

    await signOutThroughSettings();
    await heading("Sign in to Parley").waitFor();
    expect(path()).toBe("/signin");
    expect(await refreshCookie()).toBeUndefined();

    await page.reload();
    await heading("Sign in to Parley").waitFor();
    await open("/");
    await heading("Sign in to Parley").waitFor();
    expect(path()).toBe("/signin");

    await signInThroughPage("linus", "Wrong-Pass1");
    const alert = page.locator(".form-alert[role=alert]");
    await expect.poll(() => alert.textContent()).toBe("The username or password is incorrect.");
    expect(path()).toBe("/signin");

    await field("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await heading("Welcome to Parley, Linus").waitFor();
    expect(path()).toBe("/");
  });

  test("tabs take turns refreshing the shared cookie, so opening several at once keeps the session; signing out in one signs out all", async () => {
    await createAccount("alan", "Alan Turing");
    await startSignedOut();
    await signInThroughPage("alan");
    await heading("Welcome to Parley, Alan Turing").waitFor();

    const others = await Promise.all([browser.context.newPage(), browser.context.newPage()]);
    try {
      // Three tabs start at once; each exchanges the refresh cookie on start. Presenting
      // one token twice would end the session on the server.
      await Promise.all([page.reload(), ...others.map((tab) => tab.goto(`${app.url}/`))]);
      for (const tab of [page, ...others]) {
        await tab.getByRole("heading", { level: 1, name: "Welcome to Parley, Alan Turing" }).waitFor();
      }
      await page.reload();
      await heading("Welcome to Parley, Alan Turing").waitFor();

      await signOutThroughSettings();
      await heading("Sign in to Parley").waitFor();
      for (const tab of others) {
        await tab.getByRole("heading", { level: 1, name: "Sign in to Parley" }).waitFor();
        expect(new URL(tab.url()).pathname).toBe("/signin");
      }
    } finally {
      await Promise.all(others.map((tab) => tab.close()));
    }
  });

  test("the app is installable: a valid manifest with reachable icons, a controlling service worker, and a shell that opens offline", async () => {
    await startSignedOut();

    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute("href");
    expect(manifestHref).toBeTruthy();
    const manifestResponse = await fetch(new URL(manifestHref!, app.url));
    expect(manifestResponse.status).toBe(200);
    const manifest = (await manifestResponse.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({ name: "Parley", short_name: "Parley", start_url: "/", display: "standalone" });
    const pngIcons = manifest.icons.filter((icon) => icon.type === "image/png");
    expect(pngIcons.map((icon) => `${icon.sizes} ${icon.purpose ?? "any"}`).sort()).toEqual([
      "192x192 any",
      "512x512 any",
      "512x512 maskable",
    ]);
    for (const icon of pngIcons) {
      const response = await fetch(new URL(icon.src, app.url));
      expect(response.headers.get("content-type")).toBe("image/png");
      const png = Buffer.from(await response.arrayBuffer());
      // A PNG's IHDR chunk holds its width and height as the 16th–23rd bytes.
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    const touchIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
    expect((await fetch(new URL(touchIcon!, app.url))).headers.get("content-type")).toBe("image/png");

    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await heading("Sign in to Parley").waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${app.url}/sw.js`);

    const cdp = await browser.context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
    await cdp.detach();

    await browser.context.setOffline(true);
    try {
      await page.reload();
      await heading("Sign in to Parley").waitFor();
      expect(await page.getByRole("status").filter({ hasText: "You're offline" }).count()).toBe(1);
      await signInThroughPage("nobody");
      await expect.poll(() => page.locator(".form-alert[role=alert]").textContent()).toBe(
        "You're offline. Check your connection and try again.",
      );
      await open("/signup");
      await heading("Create your account").waitFor();
      // /api is never answered from the cache.
      const apiOffline = await page.evaluate(() =>
        fetch("/api/health").then(
          () => "answered",
          () => "failed",
        ),
      );
      expect(apiOffline).toBe("failed");
    } finally {
      await browser.context.setOffline(false);
    }

    const cachedUrls = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(cachedUrls).toContain("/index.html");
    expect(cachedUrls.filter((url) => url.startsWith("/api"))).toEqual([]);
  });

  test("the app runs under a strict Content Security Policy without tripping it", async () => {
    const shell = await fetch(`${app.url}/signin`);
    const policy = shell.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(shell.headers.get("x-content-type-options")).toBe("nosniff");

    const violations: string[] = [];
    const onConsole = (message: ConsoleMessage) => {
      if (message.text().includes("Content Security Policy")) violations.push(message.text());
    };
    const onError = (error: Error) => violations.push(`uncaught: ${error.message}`);
    page.on("console", onConsole);
    page.on("pageerror", onError);
    try {
      await startSignedOut();
      await page.getByRole("link", { name: "Create an account" }).click();
      await field("Username").fill("margaret");
      await field("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Create account" }).click();
      await heading("Welcome to Parley, margaret").waitFor();
      await page.reload();
      await heading("Welcome to Parley, margaret").waitFor();
    } finally {
      page.off("console", onConsole);
      page.off("pageerror", onError);
    }
    expect(violations).toEqual([]);
  });

  test("the sign-up page and the messenger have no serious or critical accessibility violations, in light and dark", async () => {
    await startSignedOut();
    await open("/signup");
    await heading("Create your account").waitFor();
    await expectAccessible("sign-up page");

    await field("Username").fill("x");
    await field("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.locator("#field-username-error").waitFor();
    await expectAccessible("sign-up page with errors");
    await page.emulateMedia({ colorScheme: "dark" });
    await expectAccessible("sign-up page with errors, dark");
    await page.emulateMedia({ colorScheme: "light" });

    await createAccount("barbara", "Barbara Liskov");
    await open("/signin");
    await signInThroughPage("barbara");
    await heading("Welcome to Parley, Barbara Liskov").waitFor();
    await expectAccessible("messenger");
    await page.emulateMedia({ colorScheme: "dark" });
    await expectAccessible("messenger, dark");
    await page.emulateMedia({ colorScheme: "light" });
  });

  // Last, because it changes the built service worker on disk (and puts it back).
  test("a new version waits for the person: a banner offers Reload, and reloading hands the page to the new service worker", async () => {
    await startSignedOut();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await heading("Sign in to Parley").waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    const serviceWorker = join(DIST_WEB, "sw.js");
    const original = await readFile(serviceWorker, "utf8");
    const cdp = await browser.context.newCDPSession(page);
    try {
      // A deploy changes the file and its ETag; this server keeps the ETag it computed at
      // start, so the browser's cached copy has to go for it to see the new bytes.
      await writeFile(serviceWorker, `${original}\n// the next version\n`);
      await cdp.send("Network.clearBrowserCache");
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration?.update()));

      const banner = page.getByRole("status").filter({ hasText: "A new version of Parley is ready." });
      await banner.waitFor();
      expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting !== null))).toBe(true);

      const reloaded = page.waitForEvent("load");
      await banner.getByRole("button", { name: "Reload" }).click();
      await reloaded;
      await heading("Sign in to Parley").waitFor();
      expect(await banner.count()).toBe(0);
      const afterwards = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return { waiting: registration?.waiting ?? null, controlled: navigator.serviceWorker.controller !== null };
      });
      expect(afterwards).toEqual({ waiting: null, controlled: true });
    } finally {
      await writeFile(serviceWorker, original);
      await cdp.detach();
    }
  });

  // After every other sign-in: the limit counts failures per address too, and every
  // test here signs in from the same one.
  test("repeated wrong passwords are slowed down, and the page says how many seconds to wait", async () => {
    await createAccount("mallory");
    await startSignedOut();
    let refusal: Response | undefined;
    for (let attempt = 1; attempt <= 6 && refusal?.status() !== 429; attempt++) {
      const answered = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/auth/login");
      await signInThroughPage("mallory", `Wrong-Pass${attempt}`);
      refusal = await answered;
    }
    expect(refusal?.status()).toBe(429);
    const seconds = refusal!.headers()["retry-after"];
    expect(seconds).toMatch(/^\d+$/);
    const alert = page.locator(".form-alert[role=alert]");
    await expect.poll(() => alert.textContent()).toMatch(new RegExp(`^Too many attempts\\. Try again in ${seconds} seconds`));
    expect(path()).toBe("/signin");
    expect(await page.getByRole("button", { name: "Sign in" }).isEnabled()).toBe(true);
  });

  async function expectAccessible(where: string) {
    // Colours measured halfway through a transition (after a colour-scheme switch) are neither scheme's.
    await page.waitForFunction(() => document.getAnimations().length === 0);
    const violations = await seriousViolations(page);
    expect(violations, where).toEqual([]);
  }
});
