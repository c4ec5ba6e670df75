import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AuthResult } from "../../schema/api";
import { chromiumAvailable, launchBrowser, type Browser } from "../support/browser";
import { Client } from "../support/client";
import { startApp, type RunningApp } from "../support/server";

const PASSWORD = "Sturdy-Pass1";
// A fake microphone (a beep) that needs no permission prompt, and audio that may play
// without a gesture of its own.
const MEDIA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required"];

interface Person {
  name: string;
  id: string;
  browser: Browser;
  page: Page;
  client: Client;
}

// A small PDF, padded so a throttled upload takes long enough to watch its progress.
const PDF = Buffer.from(
  `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n${"% padding\n".repeat(12_000)}%%EOF\n`,
);

describe.skipIf(!chromiumAvailable())("files, images, voice notes, stickers and pictures between two browsers", () => {
  let app: RunningApp;
  let ada: Person;
  let ben: Person;
  let roomId = "";
  let png: Buffer;

  beforeAll(async () => {
    app = await startApp();
    [ada, ben] = await Promise.all([person("ada", "Ada Lovelace"), person("ben", "Ben Bitdiddle")]);
    const room = await ada.client.call("POST", "/api/rooms/direct", { user_id: ben.id });
    expect(room.status).toBeLessThan(300);
    roomId = room.body.data.id;
    // A real PNG, drawn by the browser: 64×48, so its box has a shape of its own.
    png = Buffer.from(
      await ada.page.evaluate(() => {
        const canvas = document.createElement("canvas");
        canvas.width = 64;
        canvas.height = 48;
        const context = canvas.getContext("2d")!;
        context.fillStyle = "#3b5bdb";
        context.fillRect(0, 0, 64, 48);
        context.fillStyle = "#f59f00";
        context.fillRect(16, 12, 32, 24);
        return canvas.toDataURL("image/png").split(",")[1]!;
      }),
      "base64",
    );
    await Promise.all([openRoom(ada), openRoom(ben)]);
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
    const browser = await launchBrowser(MEDIA_ARGS);
    const page = browser.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${app.url}/signin`);
    await page.getByLabel("Username", { exact: true }).fill(username);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: `Welcome to Parley, ${name}` }).waitFor();
    return { name, id: auth.user.id, browser, page, client: new Client(app.url, auth.access_token, auth.user) };
  }

  async function openRoom(who: Person) {
    const peer = who === ada ? ben : ada;
    await who.page.getByRole("navigation").getByRole("link", { name: new RegExp(peer.name) }).click();
    await who.page.getByRole("heading", { level: 1, name: peer.name }).waitFor();
  }

  const log = (page: Page) => page.getByRole("log");
  const fileInput = (page: Page) => page.locator('.composer input[type="file"]');
  const sendButton = (page: Page) => page.getByRole("button", { name: "Send", exact: true });

  async function stored(): Promise<{ kind: string; attachment: { name: string } | null; sticker: string | null }[]> {
    const response = await ada.client.call("GET", `/api/rooms/${roomId}/messages?limit=100`);
    expect(response.status).toBe(200);
    return response.body.data.messages;
  }

  test("Ada attaches an image and a PDF, watches them upload, and Ben sees the image and downloads the PDF", async () => {
    await fileInput(ada.page).setInputFiles([
      { name: "square.png", mimeType: "image/png", buffer: png },
      { name: "notes.pdf", mimeType: "application/pdf", buffer: PDF },
    ]);
    const tray = ada.page.getByRole("list", { name: "Files to send" });
    await expect.poll(() => tray.getByRole("listitem").count()).toBe(2);
    // Taking one out and putting it back: the tray holds what will be sent.
    await tray.getByRole("button", { name: "Remove notes.pdf" }).click();
    await expect.poll(() => tray.getByRole("listitem").count()).toBe(1);
    await fileInput(ada.page).setInputFiles([{ name: "notes.pdf", mimeType: "application/pdf", buffer: PDF }]);
    await expect.poll(() => tray.getByRole("listitem").count()).toBe(2);

    // A slow uplink, so the progress bar is there to be seen.
    const cdp = await ada.browser.context.newCDPSession(ada.page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 40_000 });
    await ada.page.getByRole("textbox", { name: "Message", exact: true }).fill("The plan");
    await sendButton(ada.page).click();
    const progress = log(ada.page).getByRole("progressbar", { name: "Uploading notes.pdf" });
    await progress.waitFor();
    await progress.waitFor({ state: "detached", timeout: 30_000 });
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await log(ada.page).getByRole("link", { name: "Download notes.pdf" }).waitFor();

    // Ben: the image inline, in a box of its own proportions, loaded through the file cookie.
    const image = log(ben.page).locator(".message-image img");
    await image.waitFor();
    await ben.page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>(".message-image img");
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    expect(await image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([64, 48]);
    const box = await log(ben.page).locator("button.message-image").boundingBox();
    expect(Math.round((box!.width / box!.height) * 100)).toBe(Math.round((64 / 48) * 100));
    await log(ben.page).getByText("The plan").waitFor();

    // The image opens full-screen; Escape closes it and focus goes back to the image.
    await log(ben.page).getByRole("button", { name: "Open image square.png" }).click();
    const viewer = ben.page.getByRole("dialog", { name: "Image viewer" });
    await viewer.waitFor();
    await ben.page.keyboard.press("Escape");
    await viewer.waitFor({ state: "detached" });
    expect(await ben.page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Open image square.png");

    const [download] = await Promise.all([
      ben.page.waitForEvent("download"),
      log(ben.page).getByRole("link", { name: "Download notes.pdf" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("notes.pdf");
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.length).toBe(PDF.length);

    const messages = await stored();
    expect(messages.filter((m) => m.kind === "image").map((m) => m.attachment?.name)).toEqual(["square.png"]);
    expect(messages.filter((m) => m.kind === "file").map((m) => m.attachment?.name)).toEqual(["notes.pdf"]);
  });

  test("files dropped on the room and images pasted into the message field join the tray", async () => {
    const tray = ada.page.getByRole("list", { name: "Files to send" });
    await ada.page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(["dropped"], "dropped.txt", { type: "text/plain" }));
      const view = document.querySelector(".room-view")!;
      view.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
      view.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await tray.getByRole("button", { name: "Remove dropped.txt" }).waitFor();
    await ada.page.evaluate((base64) => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      transfer.items.add(new File([bytes], "pasted.png", { type: "image/png" }));
      document.querySelector("textarea.composer-input")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, png.toString("base64"));
    await tray.getByRole("img", { name: "pasted.png" }).waitFor();
    expect(await ada.page.getByRole("textbox", { name: "Message", exact: true }).inputValue()).toBe("");
    await tray.getByRole("button", { name: "Remove dropped.txt" }).click();
    await tray.getByRole("button", { name: "Remove pasted.png" }).click();
    await tray.waitFor({ state: "detached" });
  });

  test("a file the server refuses shows as not sent, with the server's reason", async () => {
    await fileInput(ada.page).setInputFiles([{ name: "page.html", mimeType: "text/html", buffer: Buffer.from("<!doctype html><html><body>hi</body></html>") }]);
    await sendButton(ada.page).click();
    const failed = log(ada.page).locator(".message[data-state='failed']");
    await failed.getByRole("alert").waitFor();
    expect(await failed.getByRole("alert").textContent()).toMatch(/Not sent: .+/);
    await failed.getByRole("button", { name: "Delete" }).click();
    await failed.waitFor({ state: "detached" });
  });

  test("a voice note recorded from the microphone plays on the other side", async () => {
    await ada.page.getByRole("button", { name: "Record a voice message" }).click();
    const recorder = ada.page.getByRole("group", { name: "Recording" });
    await recorder.getByRole("timer").filter({ hasText: "0:02" }).waitFor({ timeout: 10_000 });
    await recorder.getByRole("button", { name: "Send voice message" }).click();
    await recorder.waitFor({ state: "detached" });

    const player = log(ben.page).locator(".voice-player");
    await player.waitFor();
    const duration = player.locator(".voice-duration");
    await expect.poll(() => duration.textContent(), { timeout: 15_000 }).toMatch(/^0:0[2-9]$/);
    expect(await player.locator(".voice-bars span").count()).toBe(40);
    expect(await player.locator(".voice-position").textContent()).toBe("0:00");
    await player.getByRole("button", { name: "Play voice message" }).click();
    await player.getByRole("button", { name: "Pause" }).waitFor();
    await expect.poll(() => player.locator(".voice-position").textContent(), { timeout: 10_000 }).not.toBe("0:00");

    const voice = (await stored()).filter((m) => m.kind === "voice");
    expect(voice).toHaveLength(1);
  });

  test("a sticker is sent from the picker and shows as a sticker", async () => {
    await ada.page.getByRole("button", { name: "Stickers" }).click();
    await ada.page.getByRole("dialog", { name: "Stickers" }).getByRole("button", { name: "Send sticker: Ship it" }).click();
    await log(ben.page).getByRole("img", { name: "Ship it" }).waitFor();
    expect(await log(ben.page).locator(".message[data-kind='sticker'] .message-sticker").textContent()).toBe("🚀🌕");
    expect((await stored()).filter((m) => m.kind === "sticker").map((m) => m.sticker)).toEqual(["rocket"]);
  });

  test("a file chosen offline waits in the outbox and is sent once when the network returns", async () => {
    await ada.browser.context.setOffline(true);
    await fileInput(ada.page).setInputFiles([{ name: "offline.pdf", mimeType: "application/pdf", buffer: PDF.subarray(0, 400) }]);
    await sendButton(ada.page).click();
    const waiting = log(ada.page).locator(".message[data-state='sending']").filter({ hasText: "offline.pdf" });
    await waiting.waitFor();
    // The bytes are in the offline store, not only in memory.
    const kept = await ada.page.evaluate(async (userId) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(`parley-${userId}`);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const entries = await new Promise<any[]>((resolve) => {
        const request = db.transaction("outbox").objectStore("outbox").getAll();
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return entries.map((entry) => ({ name: entry.attachment?.name, blob: entry.attachment?.blob instanceof Blob }));
    }, ada.id);
    expect(kept).toEqual([{ name: "offline.pdf", blob: true }]);

    await ada.browser.context.setOffline(false);
    await log(ada.page).getByRole("link", { name: "Download offline.pdf" }).waitFor({ timeout: 20_000 });
    await log(ben.page).getByRole("link", { name: "Download offline.pdf" }).waitFor();
    expect((await stored()).filter((m) => m.attachment?.name === "offline.pdf")).toHaveLength(1);
  });

  test("a picture chosen in settings appears in the other person's room list", async () => {
    await ada.page.goto(`${app.url}/settings`);
    await ada.page.locator('.avatar-chooser input[type="file"]').setInputFiles([{ name: "me.png", mimeType: "image/png", buffer: png }]);
    await ada.page.getByText("Picture saved.").waitFor();
    await ada.page.getByRole("button", { name: "Remove picture" }).waitFor();

    await ben.page.reload();
    const avatar = ben.page.getByRole("navigation").getByRole("link", { name: /Ada Lovelace/ }).locator("img.avatar-image");
    await avatar.waitFor();
    await ben.page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>("nav img.avatar-image");
      return img !== null && img.complete && img.naturalWidth === 256;
    });
  });

  test("a group's owner sets its picture in room details, and it shows in the members' room lists", async () => {
    const created = await ada.client.call("POST", "/api/rooms", { kind: "group", title: "Picture club", member_ids: [ben.id] });
    expect(created.status).toBe(201);
    await ada.page.goto(`${app.url}/rooms/${created.body.data.id}/details`);
    await ada.page.locator('.avatar-chooser input[type="file"]').setInputFiles([{ name: "club.png", mimeType: "image/png", buffer: png }]);
    await ada.page.getByText("Picture saved.").waitFor();

    await ben.page.reload();
    await ben.page.getByRole("navigation").getByRole("link", { name: /Picture club/ }).locator("img.avatar-image").waitFor();
    // Removing it brings the initials back.
    await ada.page.getByRole("button", { name: "Remove picture" }).click();
    await ada.page.getByText("Picture removed.").waitFor();
    await ben.page.reload();
    await ben.page.getByRole("navigation").getByRole("link", { name: /Picture club/ }).waitFor();
    // The list opens from the device's cache first; the server's answer then drops the picture.
    await expect.poll(() => ben.page.getByRole("navigation").getByRole("link", { name: /Picture club/ }).locator("img.avatar-image").count()).toBe(0);
  });
});
