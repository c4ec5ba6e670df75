import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { launchBrowser } from "../../tests/support/browser.ts";
import { withApp } from "../lib/app.ts";
import { request } from "../lib/http.ts";
import { formatNumber, type Table } from "../lib/markdown.ts";
import { summarize } from "../lib/stats.ts";
import type { Suite } from "../lib/suite.ts";
import { seedMessages } from "../realtime/catchup.ts";
import { createGroup, signUpUsers } from "../realtime/parley.ts";

// The PWA in Chromium: what the first load downloads, how soon a room of 10,000 messages
// kept in IndexedDB is on screen, and whether scrolling through it ever blocks the page.

const DIST = fileURLToPath(new URL("../../dist/web/", import.meta.url));
const MESSAGES = 10_000;
const TARGETS = { firstLoadJsKiB: 60, interactiveMs: 300, longTaskMs: 50 };
const RUNS = { full: 5, quick: 2 };
// One wheel step of the scroll-through, and the pause that lets the list render it.
const WHEEL_PX = 900;
const WHEEL_PAUSE_MS = 16;
const MAX_WHEEL_STEPS = 3000;

interface Asset {
  file: string;
  kind: "js" | "css";
  bytes: number;
  gzip: number;
}

// What index.html makes the browser fetch before the app can run: its module script, the
// modules it preloads, and its style sheets (lazy chunks load later and are not counted).
function firstLoadAssets(): Asset[] {
  const html = readFileSync(`${DIST}index.html`, "utf8");
  const urls = new Set<string>();
  for (const match of html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)) urls.add(match[1]!);
  for (const match of html.matchAll(/<link[^>]+rel="(?:modulepreload|stylesheet)"[^>]+href="([^"]+)"/g)) urls.add(match[1]!);
  return [...urls].map((url) => {
    const file = url.replace(/^\//, "");
    const content = readFileSync(`${DIST}${file}`);
    return { file, kind: file.endsWith(".css") ? "css" : "js", bytes: statSync(`${DIST}${file}`).size, gzip: gzipSync(content).length };
  });
}

interface Seed {
  userId: string;
  token: string;
  username: string;
  roomId: string;
}

// The cache of a client that has read the whole room: the room and every message, written
// into the account's IndexedDB database as the app's store keeps them (web/src/store/db.ts).
// Resolves to the room's newest seq.
function fillCache(page: Page, origin: string, seed: Seed): Promise<number> {
  return page.evaluate(
    async ({ origin, seed }) => {
      const get = async (path: string) => {
        const res = await fetch(`${origin}/api${path}`, { headers: { Authorization: `Bearer ${seed.token}` } });
        return ((await res.json()) as { data: any }).data;
      };
      const room = (await get("/rooms")).find((r: { id: string }) => r.id === seed.roomId);
      const messages: unknown[] = [];
      for (let after = 0; ; ) {
        const page = await get(`/rooms/${seed.roomId}/messages?after_seq=${after}&limit=200`);
        messages.push(...page.messages);
        if (!page.has_more) break;
        after = page.messages[page.messages.length - 1].seq;
      }
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(`parley-${seed.userId}`);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(["rooms", "messages"], "readwrite");
        tx.objectStore("rooms").put(room);
        for (const message of messages) tx.objectStore("messages").put(message);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      return (messages[messages.length - 1] as { seq: number }).seq;
    },
    { origin, seed },
  );
}

interface Visit {
  interactiveMs: number;
  longTasks: number[];
  scrolledToTop: boolean;
  wheelSteps: number;
  // The oldest message on screen when wheeling stopped (seq 1 is the room's first).
  oldestSeen: number;
}

// The smallest seq now in the document. Seqs, not the seeded texts' numbers: the seeding
// sockets run side by side, so the last text numbered is not always the last committed.
const oldestInPage = (page: Page) =>
  page.evaluate(() => {
    let oldest = Number.POSITIVE_INFINITY;
    for (const row of document.querySelectorAll<HTMLElement>('[role="log"] [data-seq]')) oldest = Math.min(oldest, Number(row.dataset.seq));
    return oldest;
  });

// Runs in the page before its own scripts: the moment the newest message is in the list,
// taken after the frame that paints it (a task queued from requestAnimationFrame runs once
// that frame is done). Read from the page itself, so the harness's polling adds nothing.
function watchForNewest(newestSeq: number) {
  (window as unknown as { __newestShownAt: Promise<number> }).__newestShownAt = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector(`[role="log"] [data-seq="${newestSeq}"]`)) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      });
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  });
}

// Opens the room fresh and waits for its newest message; then wheels up to the first one,
// recording every long task on the way.
async function visitRoom(page: Page, origin: string, roomId: string, newestSeq: number): Promise<Visit> {
  await page.goto(`${origin}/rooms/${roomId}`);
  await page.locator(`[role="log"] [data-seq="${newestSeq}"]`).waitFor({ timeout: 15_000 });
  const interactiveMs = await page.evaluate(() => (window as unknown as { __newestShownAt: Promise<number> }).__newestShownAt);
  await page.evaluate(() => {
    const tasks: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: "longtask" });
  });
  // The wheel goes to the message list (the room list beside it shows the newest text too).
  const box = await page.getByRole("log").first().boundingBox();
  if (!box) throw new Error("the room's message list is not on screen");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  let wheelSteps = 0;
  let oldestSeen = newestSeq;
  let stuck = 0;
  for (; wheelSteps < MAX_WHEEL_STEPS && oldestSeen > 1; wheelSteps++) {
    await page.mouse.wheel(0, -WHEEL_PX);
    await page.waitForTimeout(WHEEL_PAUSE_MS);
    if (wheelSteps % 25 !== 24) continue;
    const now = await oldestInPage(page);
    // Nothing older arrived for a while: the list stopped loading history.
    stuck = now < oldestSeen ? 0 : stuck + 1;
    oldestSeen = Math.min(oldestSeen, now);
    if (stuck >= 8) break;
  }
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  return { interactiveMs, longTasks, scrolledToTop: oldestSeen === 1, wheelSteps, oldestSeen };
}

export const client: Suite = {
  name: "client",
  description: `The PWA in Chromium: the gzip size of what the first load fetches, the time until a room of ${MESSAGES.toLocaleString("en")} messages cached in IndexedDB shows its newest message (from navigation start, the app's boot and session restore included), and the long tasks while wheeling up through all of it.`,

  async run({ options, progress }) {
    const assets = firstLoadAssets();
    const js = assets.filter((a) => a.kind === "js").reduce((n, a) => n + a.gzip, 0);
    const css = assets.filter((a) => a.kind === "css").reduce((n, a) => n + a.gzip, 0);

    // As in the realtime suite: wrangler's local trace store fsyncs every socket event, a
    // cost of local development only, which would make seeding the room crawl.
    const observabilityBefore = process.env.X_LOCAL_OBSERVABILITY;
    process.env.X_LOCAL_OBSERVABILITY ??= "false";
    const visits = await withApp(async (app) => {
      progress(`seeding a room with ${MESSAGES} messages`);
      const target = await signUpUsers(app.url, `cl${Date.now().toString(36)}_`);
      const roomId = await createGroup(target, "Ten thousand");
      await seedMessages(target, roomId, MESSAGES, 300_000);
      const me = (await request(`${app.url}/api/me`, { headers: { Authorization: `Bearer ${target.users[0]!.token}` } })) as { data: { username: string } };
      const seed: Seed = { userId: target.users[0]!.id, token: target.users[0]!.token, username: me.data.username, roomId };

      const browser = await launchBrowser();
      try {
        const { page } = browser;
        await page.setViewportSize({ width: 1280, height: 800 });
        progress("signing in through the page");
        await page.goto(`${app.url}/signin`);
        await page.getByLabel("Username").fill(seed.username);
        await page.getByLabel("Password", { exact: true }).fill("Bench-Passw0rd");
        await page.getByRole("button", { name: /sign in/i }).click();
        await page.waitForURL((url) => url.pathname === "/", { timeout: 15_000 });
        progress("filling the cache");
        const newestSeq = await fillCache(page, app.url, seed);
        await page.addInitScript(watchForNewest, newestSeq);
        const runs: Visit[] = [];
        for (let i = 0; i < (options.quick ? RUNS.quick : RUNS.full); i++) {
          progress(`opening the room, run ${i + 1}`);
          runs.push(await visitRoom(page, app.url, roomId, newestSeq));
        }
        return runs;
      } finally {
        await browser.close();
      }
      // Seeding sends far faster than a person: the socket flood limit is raised for it.
    }, { vars: { ROOM_SOCKET_FRAMES_PER_SECOND: "100000" } }).finally(() => {
      if (observabilityBefore === undefined) delete process.env.X_LOCAL_OBSERVABILITY;
      else process.env.X_LOCAL_OBSERVABILITY = observabilityBefore;
    });

    const interactive = summarize(visits.map((v) => v.interactiveMs));
    const allTasks = visits.flatMap((v) => v.longTasks);
    const worstTask = allTasks.length ? Math.max(...allTasks) : 0;
    const sizes: Table = {
      title: "First load (gzip, what index.html fetches before the app runs)",
      columns: ["Asset", "bytes", "gzip KiB"],
      rows: [...assets.map((a) => [a.file, a.bytes, formatNumber(a.gzip / 1024, 1)]), ["JS total", "", formatNumber(js / 1024, 1)], ["CSS total", "", formatNumber(css / 1024, 1)]],
    };
    const room: Table = {
      title: `A room of ${MESSAGES.toLocaleString("en")} cached messages (Chromium, 1280×800)`,
      columns: ["Run", "newest message shown ms", "long tasks while scrolling", "longest task ms", "wheel steps", "oldest message reached"],
      rows: visits.map((v, i) => [
        String(i + 1),
        formatNumber(v.interactiveMs, 0),
        v.longTasks.length,
        formatNumber(v.longTasks.length ? Math.max(...v.longTasks) : 0, 0),
        v.wheelSteps,
        v.scrolledToTop ? "the first" : `#${v.oldestSeen} of ${MESSAGES}`,
      ]),
    };
    const notes = [
      `Target, first-load JS under ${TARGETS.firstLoadJsKiB} KiB gzip: ${js / 1024 < TARGETS.firstLoadJsKiB ? "pass" : "FAIL"} (${formatNumber(js / 1024, 1)} KiB; CSS ${formatNumber(css / 1024, 1)} KiB).`,
      `Target, a cached room interactive in under ${TARGETS.interactiveMs} ms: ${interactive.p50 < TARGETS.interactiveMs ? "pass" : "FAIL"} (median ${formatNumber(interactive.p50, 0)} ms from navigation start, over ${visits.length} runs).`,
      `Target, no long task over ${TARGETS.longTaskMs} ms while scrolling: ${worstTask <= TARGETS.longTaskMs ? "pass" : "FAIL"} (${allTasks.length} long tasks of 50 ms or more; the longest ${formatNumber(worstTask, 0)} ms).`,
      `Every run ${visits.every((v) => v.scrolledToTop) ? "reached" : "did NOT all reach"} the first message by wheeling ${WHEEL_PX} px at a time.`,
    ];
    return { tables: [sizes, room], notes, data: { assets, visits, targets: TARGETS, messages: MESSAGES } };
  },
};
