import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_CONTENT_SECURITY_POLICY,
  APP_CONTENT_SECURITY_POLICY,
  COMMON_SECURITY_HEADERS,
  STRICT_TRANSPORT_SECURITY,
} from "../../worker/lib/securityHeaders.ts";
import { startApp, type RunningApp } from "../support/server";

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

function expectCommonHeaders(res: Response, path: string) {
  for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) expect(res.headers.get(name), `${name} on ${path}`).toBe(value);
}

describe("security headers over real HTTP", () => {
  // Static files are served before the Worker runs, from web/public/_headers: these must
  // say exactly what the Worker says for its own answers.
  it("are on the HTML shell, deep links, scripts, styles, the service worker, the manifest and icons", async () => {
    const shell = await fetch(`${app.url}/`);
    const html = await shell.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
    expect(assets.some((path) => path.endsWith(".js"))).toBe(true);
    expect(assets.some((path) => path.endsWith(".css"))).toBe(true);

    for (const path of ["/", "/signin", "/rooms/some-room", ...assets, "/sw.js", "/manifest.webmanifest", "/icons/icon.svg"]) {
      const res = await fetch(`${app.url}${path}`);
      await res.arrayBuffer();
      expect(res.status, path).toBe(200);
      expectCommonHeaders(res, path);
      expect(res.headers.get("Content-Security-Policy"), path).toBe(APP_CONTENT_SECURITY_POLICY);
      expect(res.headers.get("Strict-Transport-Security"), path).toBe(STRICT_TRANSPORT_SECURITY);
    }
  });

  it("are on API answers, refusals and 404s, with the API's own policy and no HSTS over plain HTTP", async () => {
    for (const [path, status] of [
      ["/api/health", 200],
      ["/api/me", 401],
      ["/api/no/such/route", 404],
    ] as const) {
      const res = await fetch(`${app.url}${path}`);
      await res.arrayBuffer();
      expect(res.status, path).toBe(status);
      expectCommonHeaders(res, path);
      expect(res.headers.get("Content-Security-Policy"), path).toBe(API_CONTENT_SECURITY_POLICY);
      expect(res.headers.get("Strict-Transport-Security"), path).toBeNull();
    }
  });
});
