// The parts of http_ece (Mozilla's reference implementation of RFC 8188 and RFC 8291) the
// tests use to decrypt what the Worker sends, as a browser would.
declare module "http_ece" {
  import type { ECDH } from "node:crypto";

  export interface Params {
    version?: "aes128gcm" | "aesgcm";
    key?: Buffer | string;
    salt?: Buffer | string;
    keyid?: Buffer | string;
    rs?: number;
    privateKey?: ECDH;
    dh?: Buffer | string;
    authSecret?: Buffer | string;
  }

  const ece: {
    decrypt(buffer: Buffer, params: Params): Buffer;
    encrypt(buffer: Buffer, params: Params): Buffer;
  };
  export default ece;
}
