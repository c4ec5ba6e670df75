// Prints a new VAPID key pair for Web Push (docs/push.md), in the format the Worker reads:
//   VAPID_PUBLIC_KEY   the uncompressed P-256 public point (65 bytes), base64url
//   VAPID_PRIVATE_KEY  the private scalar d (32 bytes), base64url
// Run with the project's Node: `npx node scripts/vapid-keys.ts`.

const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
const publicKey = Buffer.from(await crypto.subtle.exportKey("raw", pair.publicKey)).toString("base64url");
const { d } = await crypto.subtle.exportKey("jwk", pair.privateKey);

console.log(`VAPID_PUBLIC_KEY=${publicKey}`);
console.log(`VAPID_PRIVATE_KEY=${d}`);
