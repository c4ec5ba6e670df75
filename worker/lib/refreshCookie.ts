import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SESSION_TTL_MS } from "./sessions";

// Browsers keep the refresh token here instead of in script-readable storage: HttpOnly so
// page scripts (and any injected ones) never see it, SameSite=Strict and scoped to the
// auth routes so no other request carries it.
export const REFRESH_COOKIE = "parley_refresh";
const PATH = "/api/auth";

export const readRefreshCookie = (c: Context) => getCookie(c, REFRESH_COOKIE);

export const setRefreshCookie = (c: Context, token: string) =>
  setCookie(c, REFRESH_COOKIE, token, {
    path: PATH,
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });

export const clearRefreshCookie = (c: Context) =>
  deleteCookie(c, REFRESH_COOKIE, { path: PATH, httpOnly: true, secure: true, sameSite: "Strict" });
