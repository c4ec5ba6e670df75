import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { errors, jwtVerify, SignJWT } from "jose";
import { ApiError } from "./errors";

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = "parley";
const AUDIENCE = "parley-api";
const ALGORITHM = "HS256";
const MIN_SECRET_LENGTH = 32;

// `npm start` and the tests run with this secret. Only an instance whose ENVIRONMENT is
// "development" accepts it, so a deploy that forgot `wrangler secret put TOKEN_SECRET`
// fails closed instead of signing tokens anyone could forge.
export const DEVELOPMENT_TOKEN_SECRET = "parley-development-secret-never-use-when-deployed";

export interface TokenEnv {
  TOKEN_SECRET?: string;
  ENVIRONMENT?: string;
}

const encoder = new TextEncoder();

export function signingKey(env: TokenEnv): Uint8Array {
  const secret = env.TOKEN_SECRET;
  const development = env.ENVIRONMENT === "development";
  if (!secret || secret.length < MIN_SECRET_LENGTH || (secret === DEVELOPMENT_TOKEN_SECRET && !development)) {
    throw new ApiError(500, "internal", "The server's token signing secret is missing or not fit for use.");
  }
  return encoder.encode(secret);
}

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

export async function signAccessToken(env: TokenEnv, claims: AccessClaims): Promise<string> {
  return new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(signingKey(env));
}

// Returns null for anything that is not a valid, unexpired token we issued.
export async function verifyAccessToken(env: TokenEnv, token: string): Promise<AccessClaims | null> {
  const key = signingKey(env);
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["sub", "sid", "exp", "iat"],
    });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") return null;
    return { userId: payload.sub, sessionId: payload.sid };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}

export function randomToken(bytes = 32): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export const hashToken = (token: string) => bytesToHex(sha256(encoder.encode(token)));
