import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../support/server";

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

describe("the app over real HTTP", () => {
  it("serves health and the PWA shell from one origin", async () => {
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(200);
    const page = await fetch(`${app.url}/some/deep/link`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
  });
});
