import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import type { AuthResult } from "../../schema/api";

export const ORIGIN = "http://parley.test";

export interface Call {
  method?: string;
  body?: unknown;
  raw?: BodyInit;
  token?: string;
  headers?: Record<string, string>;
}

export async function call(path: string, { method = "GET", body, raw, token, headers = {} }: Call = {}) {
  const init: RequestInit = { method, headers: { ...headers } };
  const h = init.headers as Record<string, string>;
  if (body !== undefined) {
    h["Content-Type"] ??= "application/json";
    init.body = JSON.stringify(body);
  } else if (raw !== undefined) init.body = raw;
  if (token) h.Authorization = `Bearer ${token}`;
  const res = await exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
  const text = await res.text();
  const json = res.headers.get("Content-Type")?.includes("json") && text ? (JSON.parse(text) as any) : undefined;
  return { status: res.status, headers: res.headers, json, text };
}

let counter = 0;
export const uniqueName = (prefix = "user") => `${prefix}${Date.now() % 100000}${counter++}`;
export const PASSWORD = "Correct-Horse-9";

export async function signUp(username = uniqueName(), extra: Record<string, unknown> = {}): Promise<AuthResult> {
  const res = await call("/api/auth/register", { method: "POST", body: { username, password: PASSWORD, ...extra } });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${res.text}`);
  return res.json.data;
}

export const signIn = (username: string, password = PASSWORD, headers: Record<string, string> = {}) =>
  call("/api/auth/login", { method: "POST", body: { username, password }, headers });

export async function setUserStatus(userId: string, status: "active" | "blocked" | "deleted") {
  await env.DB.prepare("UPDATE users SET status = ? WHERE id = ?").bind(status, userId).run();
}
