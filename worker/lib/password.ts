import { argon2idAsync } from "@noble/hashes/argon2.js";
import { randomBytes } from "@noble/hashes/utils.js";

// argon2id with OWASP's first recommended configuration (19 MiB, 2 passes, 1 lane).
// PBKDF2 is not an option: deployed Workers refuse more than 100,000 iterations, below
// OWASP's 600,000. Hashes are PHC strings, so raising these later only needs new values
// here: verifyPassword reports hashes made with weaker ones and login re-hashes them.
export interface Argon2Params {
  m: number;
  t: number;
  p: number;
}

export const PASSWORD_PARAMS: Argon2Params = { m: 19_456, t: 2, p: 1 };

// OWASP Password Storage Cheat Sheet: equivalent argon2id minimums (memory KiB, passes).
export const OWASP_ARGON2ID_MINIMUMS: readonly Argon2Params[] = [
  { m: 47_104, t: 1, p: 1 },
  { m: 19_456, t: 2, p: 1 },
  { m: 12_288, t: 3, p: 1 },
  { m: 9_216, t: 4, p: 1 },
  { m: 7_168, t: 5, p: 1 },
];

// A Worker isolate has 128 MB; the hash must leave room for the request around it.
export const MAX_HASH_MEMORY_KIB = 64 * 1024;

const SALT_BYTES = 16;
const HASH_BYTES = 32;
const encoder = new TextEncoder();

export const meetsOwasp = (params: Argon2Params) =>
  OWASP_ARGON2ID_MINIMUMS.some((min) => params.m >= min.m && params.t >= min.t && params.p >= min.p);

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/=+$/, "");
const unb64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

const derive = (password: string, salt: Uint8Array, params: Argon2Params) =>
  argon2idAsync(encoder.encode(password), salt, { ...params, dkLen: HASH_BYTES, asyncTick: 20 });

export async function hashPassword(password: string, params = PASSWORD_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params);
  return `$argon2id$v=19$m=${params.m},t=${params.t},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

interface ParsedHash {
  params: Argon2Params;
  salt: Uint8Array;
  hash: Uint8Array;
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function parse(phc: string): ParsedHash | null {
  const match = PHC.exec(phc);
  if (!match) return null;
  const [, m, t, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  return { params: { m: Number(m), t: Number(t), p: Number(p) }, salt: unb64(salt), hash: unb64(hash) };
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export interface Verification {
  ok: boolean;
  needsRehash: boolean;
}

export async function verifyPassword(password: string, phc: string): Promise<Verification> {
  const parsed = parse(phc);
  if (!parsed) return { ok: false, needsRehash: false };
  const actual = await derive(password, parsed.salt, parsed.params);
  const ok = constantTimeEqual(actual, parsed.hash);
  const weaker =
    parsed.params.m < PASSWORD_PARAMS.m || parsed.params.t < PASSWORD_PARAMS.t || parsed.params.p < PASSWORD_PARAMS.p;
  return { ok, needsRehash: ok && weaker };
}

// Spends the same time as a real check, so an unknown username cannot be told apart
// from a wrong password by the answer's timing.
export async function burnPasswordCheck(password: string): Promise<void> {
  await derive(password, new Uint8Array(SALT_BYTES), PASSWORD_PARAMS);
}
