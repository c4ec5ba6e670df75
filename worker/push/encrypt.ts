// Web Push message encryption (RFC 8291) in the aes128gcm content coding (RFC 8188), with
// Web Crypto alone: ECDH on P-256, HKDF-SHA-256 and AES-128-GCM. A push message is one
// record, so the body is the header (salt, record size, the sender's public key) followed
// by a single sealed record.

export type Bytes = Uint8Array<ArrayBuffer>;

const SALT_BYTES = 16;
// The record size written in the header. A push message is at most 4,096 bytes, so its one
// record always fits.
const RECORD_SIZE = 4096;
const TAG_BYTES = 16;
// The last record of a message ends with this delimiter (RFC 8188, section 2).
const LAST_RECORD = 0x02;

const encoder = new TextEncoder();
const ascii = (text: string): Bytes => new Uint8Array(encoder.encode(text));
const WEB_PUSH_INFO = ascii("WebPush: info\0");
const CEK_INFO = ascii("Content-Encoding: aes128gcm\0");
const NONCE_INFO = ascii("Content-Encoding: nonce\0");
const P256 = { name: "ECDH", namedCurve: "P-256" } as const;

/** The browser's side of a subscription: its P-256 public key and its authentication secret. */
export interface ReceiverKeys {
  p256dh: Bytes;
  auth: Bytes;
}

/** Normally random per message; fixed only to reproduce the RFCs' worked examples. */
export interface EncryptionInputs {
  salt: Bytes;
  sender: CryptoKeyPair;
}

export const concat = (...parts: ArrayLike<number>[]): Bytes => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

async function hkdf(salt: Bytes, ikm: Bytes, info: Bytes, bytes: number): Promise<Bytes> {
  const key = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt, info }, key, bytes * 8));
}

/** Imports a browser's public key; rejects anything that is not a point on P-256. */
export const importReceiverKey = (p256dh: Bytes) => crypto.subtle.importKey("raw", p256dh, P256, false, []);

export const generateSenderKeys = () => crypto.subtle.generateKey(P256, true, ["deriveBits"]) as Promise<CryptoKeyPair>;

/**
 * RFC 8188: seals `plaintext` as one aes128gcm record under input keying material `ikm`,
 * behind the header that names `salt`, the record size and `keyId`.
 */
export async function encryptContent(ikm: Bytes, salt: Bytes, keyId: Bytes, plaintext: Uint8Array, recordSize = RECORD_SIZE): Promise<Bytes> {
  if (plaintext.length + 1 + TAG_BYTES > recordSize) throw new RangeError(`A single record holds at most ${recordSize - 1 - TAG_BYTES} bytes.`);
  if (keyId.length > 255) throw new RangeError("A key id is at most 255 bytes.");
  const [cek, nonce] = await Promise.all([hkdf(salt, ikm, CEK_INFO, 16), hkdf(salt, ikm, NONCE_INFO, 12)]);
  const key = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["encrypt"]);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv: nonce }, key, concat(plaintext, [LAST_RECORD])));
  const header = new Uint8Array(SALT_BYTES + 5);
  header.set(salt);
  new DataView(header.buffer).setUint32(SALT_BYTES, recordSize);
  header[SALT_BYTES + 4] = keyId.length;
  return concat(header, keyId, sealed);
}

/**
 * RFC 8291: encrypts a push message for one subscription. A fresh sender key pair and salt
 * make every message's keys new; the sender's public key travels as the header's key id.
 */
export async function encryptPushMessage(receiver: ReceiverKeys, plaintext: Uint8Array, inputs?: EncryptionInputs): Promise<Bytes> {
  const salt = inputs?.salt ?? crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const sender = inputs?.sender ?? (await generateSenderKeys());
  const senderPublic = new Uint8Array(await crypto.subtle.exportKey("raw", sender.publicKey) as ArrayBuffer);
  // Named through a variable: the Workers and DOM typings disagree on the `public` member.
  const agreement = { name: "ECDH", public: await importReceiverKey(receiver.p256dh) };
  const shared = new Uint8Array(await crypto.subtle.deriveBits(agreement, sender.privateKey, 256));
  const ikm = await hkdf(receiver.auth, shared, concat(WEB_PUSH_INFO, receiver.p256dh, senderPublic), 32);
  return encryptContent(ikm, salt, senderPublic, plaintext);
}
