import { base64url, importJWK, SignJWT } from "jose";

// VAPID (RFC 8292): the Worker proves to a push service which server sends, with an ES256
// token for the endpoint's origin. The keys are configured as
//   VAPID_PUBLIC_KEY   uncompressed P-256 point (65 bytes), base64url: the browser's applicationServerKey
//   VAPID_PRIVATE_KEY  the private scalar d (32 bytes), base64url: a secret
//   VAPID_SUBJECT      a contact for the push service's operator, mailto: or https:
// `npx node scripts/vapid-keys.ts` prints a new pair.

// A push service accepts tokens valid for at most 24 hours; half leaves room for clock skew.
const TOKEN_TTL_SECONDS = 12 * 60 * 60;

// worker/dev.env's pair, for `npm start` and the tests. Like the development token secret,
// only an instance whose ENVIRONMENT is "development" uses it: anyone can read it here.
export const DEVELOPMENT_VAPID_PRIVATE_KEY = "7RoQwBtb9Nj7Dwb6qQbx0opYnBZQvbJAqnFW2xNBwwo";

export interface PushEnv {
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  VAPID_SUBJECT?: string;
  ENVIRONMENT?: string;
  PUSH_ALLOW_LOOPBACK?: string;
}

export interface Vapid {
  /** base64url, as the browser wants it. */
  publicKey: string;
  privateKey: CryptoKey;
  subject: string;
}

let cached: { source: string; vapid: Promise<Vapid | null> } | null = null;

/** The configured keys, or null when push is not set up (or set up with unusable values). */
export function vapidFrom(env: PushEnv): Promise<Vapid | null> {
  const source = [env.VAPID_PUBLIC_KEY, env.VAPID_PRIVATE_KEY, env.VAPID_SUBJECT, env.ENVIRONMENT].join("\n");
  if (cached?.source !== source) cached = { source, vapid: load(env) };
  return cached.vapid;
}

async function load(env: PushEnv): Promise<Vapid | null> {
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: d, VAPID_SUBJECT: subject } = env;
  if (!publicKey || !d || !subject || !/^(mailto:|https:\/\/)\S+$/.test(subject)) return null;
  if (d === DEVELOPMENT_VAPID_PRIVATE_KEY && env.ENVIRONMENT !== "development") return null;
  try {
    const point = base64url.decode(publicKey);
    if (point.length !== 65 || point[0] !== 0x04) return null;
    const jwk = { kty: "EC", crv: "P-256", x: base64url.encode(point.slice(1, 33)), y: base64url.encode(point.slice(33)), d };
    const privateKey = await importJWK(jwk, "ES256");
    if (!(privateKey instanceof CryptoKey) || !(await pairMatches(privateKey, jwk))) return null;
    return { publicKey, privateKey, subject };
  } catch {
    return null;
  }
}

// Two keys generated separately would sign tokens every push service refuses: caught here,
// once per isolate, the routes say push is unavailable instead.
async function pairMatches(privateKey: CryptoKey, { d: _d, ...publicJwk }: Record<string, string>): Promise<boolean> {
  const publicKey = await importJWK(publicJwk, "ES256");
  const algorithm = { name: "ECDSA", hash: "SHA-256" };
  const probe = new TextEncoder().encode("parley-vapid-probe");
  const signature = await crypto.subtle.sign(algorithm, privateKey, probe);
  return publicKey instanceof CryptoKey && crypto.subtle.verify(algorithm, publicKey, signature, probe);
}

/** The Authorization header for one request to `endpoint`'s push service. */
export async function vapidAuthorization(vapid: Vapid, endpoint: string, now = Date.now()): Promise<string> {
  const token = await new SignJWT({})
    .setProtectedHeader({ typ: "JWT", alg: "ES256" })
    .setAudience(new URL(endpoint).origin)
    .setExpirationTime(Math.floor(now / 1000) + TOKEN_TTL_SECONDS)
    .setSubject(vapid.subject)
    .sign(vapid.privateKey);
  return `vapid t=${token}, k=${vapid.publicKey}`;
}
