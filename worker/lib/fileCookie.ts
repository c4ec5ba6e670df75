import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { ACCESS_TOKEN_TTL_SECONDS } from "./tokens";

// The browser's access token again, readable only by downloads: HttpOnly, SameSite=Strict
// and scoped to /api/uploads, and accepted there only for GET, so it can show an image but
// never act for its owner. It is set beside the refresh cookie and lives as long as the
// access token it copies.
export const FILE_COOKIE = "parley_files";
const PATH = "/api/uploads";

export const readFileCookie = (c: Context) => getCookie(c, FILE_COOKIE);

export const setFileCookie = (c: Context, accessToken: string) =>
  setCookie(c, FILE_COOKIE, accessToken, { path: PATH, httpOnly: true, secure: true, sameSite: "Strict", maxAge: ACCESS_TOKEN_TTL_SECONDS });

export const clearFileCookie = (c: Context) => deleteCookie(c, FILE_COOKIE, { path: PATH, httpOnly: true, secure: true, sameSite: "Strict" });
