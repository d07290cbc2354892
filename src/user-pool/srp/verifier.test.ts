import { describe, expect, it } from "vitest";
import { modPow } from "#crypto";
import { g, N } from "./constants.js";
import { seededRandom } from "./random.testing.js";
import { SRP_VECTORS } from "./vectors.testing.js";
import { computeVerifier, computeX, verifyPassword } from "./verifier.js";

describe.each(SRP_VECTORS.map((v) => [v.name, v] as const))("verifier: %s", (_, v) => {
  it("computes x from padHex(salt) and H(poolName + userIdForSrp + ':' + password)", async () => {
    expect((await computeX(v.poolName, v.userIdForSrp, v.password, v.salt)).toString(16)).toBe(v.x);
  });

  it("computes v = g^x mod N and keeps the salt as given", async () => {
    const stored = await computeVerifier(v.poolName, v.userIdForSrp, v.password, v.salt);
    expect(stored).toEqual({ salt: v.salt, verifier: BigInt(`0x${v.verifier}`) });
  });

  it("checks a plaintext password against the stored verifier", async () => {
    const stored = { salt: v.salt, verifier: BigInt(`0x${v.verifier}`) };
    expect(await verifyPassword(stored, v.poolName, v.userIdForSrp, v.password)).toBe(true);
    expect(await verifyPassword(stored, v.poolName, v.userIdForSrp, `${v.password}x`)).toBe(false);
    expect(await verifyPassword(stored, v.poolName, `${v.userIdForSrp}x`, v.password)).toBe(false);
    expect(await verifyPassword(stored, `${v.poolName}x`, v.userIdForSrp, v.password)).toBe(false);
  });
});

describe("computeVerifier", () => {
  it("hashes the salt as padHex of its integer value, whatever its stored padding", async () => {
    // A leading zero byte is dropped, a set top bit gains one: clients only ever see the integer.
    expect(await computeX("Pool", "user", "pw", "003c")).toBe(await computeX("Pool", "user", "pw", "3c"));
    expect(await computeX("Pool", "user", "pw", "e9")).toBe(await computeX("Pool", "user", "pw", "00e9"));
  });

  it("draws 16 bytes of salt when none is given", async () => {
    const random = seededRandom(16);
    const first = await computeVerifier("Pool", "user", "pw", undefined, random);
    const second = await computeVerifier("Pool", "user", "pw", undefined, random);
    expect(first.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(second.salt).not.toBe(first.salt);
    expect(second.verifier).not.toBe(first.verifier);
    expect(first.verifier).toBe(modPow(g, await computeX("Pool", "user", "pw", first.salt), N));
    expect((await computeVerifier("Pool", "user", "pw")).salt).toMatch(/^[0-9a-f]{32}$/);
  });

  it("rejects a salt that is not hex", async () => {
    await expect(computeVerifier("Pool", "user", "pw", "zz")).rejects.toThrow(TypeError);
  });
});
