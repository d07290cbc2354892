import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes, utf8 } from "./encoding.js";
import { H, hexHash, hmacSha256 } from "./hash.js";
import { deriveKey } from "./hkdf.js";
import { SRP_VECTORS } from "./vectors.testing.js";

describe("hashes", () => {
  it("H is lowercase hex SHA-256 of UTF-8 or bytes", async () => {
    expect(await H("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await H(utf8("abc"))).toBe(await H("abc"));
    expect(await H("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("hexHash hashes the bytes a hex string spells", async () => {
    expect(await hexHash("616263")).toBe(await H("abc"));
    expect(await hexHash("00")).toBe("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  });

  it("HMAC-SHA256 matches RFC 4231 test case 2", async () => {
    const mac = await hmacSha256(utf8("Jefe"), utf8("what do ya want for nothing?"));
    expect(bytesToHex(mac)).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });
});

describe("deriveKey (one HKDF block, 'Caldera Derived Key')", () => {
  it.each(SRP_VECTORS.map((v) => [v.name, v] as const))("%s: K from S and u", async (_, v) => {
    const K = await deriveKey(BigInt(`0x${v.S}`), BigInt(`0x${v.u}`));
    expect(K).toHaveLength(16);
    expect(bytesToHex(K)).toBe(v.K);
  });

  it("is RFC 5869 HKDF-SHA256 (salt = padHex(u), IKM = padHex(S)) cut to 16 bytes", async () => {
    const S = 0x1234n;
    const u = 0xabcdn;
    const ikm = await crypto.subtle.importKey("raw", hexToBytes("1234"), "HKDF", false, ["deriveBits"]);
    const bits = await crypto.subtle.deriveBits(
      { name: "HKDF", hash: "SHA-256", salt: hexToBytes("00abcd"), info: utf8("Caldera Derived Key") },
      ikm,
      128,
    );
    expect(bytesToHex(await deriveKey(S, u))).toBe(bytesToHex(new Uint8Array(bits)));
  });
});
