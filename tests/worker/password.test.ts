import { describe, expect, it } from "vitest";
import {
  hashPassword,
  MAX_HASH_MEMORY_KIB,
  meetsOwasp,
  PASSWORD_PARAMS,
  verifyPassword,
} from "../../worker/lib/password";

describe("password hashing", () => {
  it("uses parameters that meet OWASP's argon2id guidance", () => {
    expect(meetsOwasp(PASSWORD_PARAMS)).toBe(true);
    expect(meetsOwasp({ m: 19_456, t: 1, p: 1 })).toBe(false);
    expect(meetsOwasp({ m: 8_192, t: 4, p: 1 })).toBe(false);
  });

  it("uses parameters a deployed Worker accepts: memory-hard in JS, well inside the 128 MB isolate", () => {
    // Production refuses PBKDF2 above 100,000 iterations; argon2id here is computed in
    // JavaScript, so what binds it is the isolate's memory.
    expect(PASSWORD_PARAMS.m).toBeLessThanOrEqual(MAX_HASH_MEMORY_KIB);
  });

  it("hashes in the Workers runtime to a PHC string that records algorithm and parameters", async () => {
    const phc = await hashPassword("Correct-Horse-9");
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("Same-Password-1")).not.toBe(await hashPassword("Same-Password-1"));
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const phc = await hashPassword("Correct-Horse-9");
    expect(await verifyPassword("Correct-Horse-9", phc)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword("correct-horse-9", phc)).ok).toBe(false);
  });

  it("asks for a re-hash of a correct password stored with weaker parameters", async () => {
    const weak = await hashPassword("Correct-Horse-9", { m: 1024, t: 1, p: 1 });
    expect(await verifyPassword("Correct-Horse-9", weak)).toEqual({ ok: true, needsRehash: true });
  });

  it.each(["", "plaintext", "$argon2i$v=19$m=19456,t=2,p=1$AAAA$BBBB", "$pbkdf2-sha256$i=1000$abc$def"])(
    "refuses a stored value it does not recognise: %j",
    async (stored) => {
      expect((await verifyPassword("anything", stored)).ok).toBe(false);
    },
  );
});
