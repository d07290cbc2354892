import { describe, expect, it } from "vitest";
import { modPow } from "#crypto";
import { g, k, N } from "./constants.js";
import { hexToBytes } from "./encoding.js";
import { seededRandom } from "./random.testing.js";
import { parseSrpA, startServerSession } from "./session.js";
import { SRP_VECTORS } from "./vectors.testing.js";

const A0 = SRP_VECTORS[0]!.A;

describe("parseSrpA", () => {
  it("accepts unpadded hex, either case", () => {
    expect(parseSrpA(A0)).toBe(BigInt(`0x${A0}`));
    expect(parseSrpA(A0.toUpperCase())).toBe(BigInt(`0x${A0}`));
    expect(parseSrpA("2")).toBe(2n);
  });

  it("rejects A mod N == 0, non-hex and oversized values", () => {
    for (const bad of [
      "0",
      "00",
      N.toString(16),
      (2n * N).toString(16),
      "",
      "xyz",
      "-2",
      `0x${A0}`,
      "1".repeat(801),
    ]) {
      expect(parseSrpA(bad), bad.slice(0, 20)).toBeNull();
    }
  });
});

describe("startServerSession", () => {
  it.each(SRP_VECTORS.map((v) => [v.name, v] as const))("%s: B = (k·v + g^b) mod N", (_, v) => {
    const session = startServerSession(BigInt(`0x${v.verifier}`), () => hexToBytes(v.b.padStart(64, "0")));
    expect(session.b.toString(16)).toBe(v.b);
    expect(session.B.toString(16)).toBe(v.B);
  });

  it("draws a fresh 256-bit b each time", () => {
    const random = seededRandom(1);
    const verifier = modPow(g, 12345n, N);
    const a = startServerSession(verifier, random);
    const b = startServerSession(verifier, random);
    expect(a.b).not.toBe(b.b);
    expect(a.b < 1n << 256n).toBe(true);
    expect(a.B).toBe((k * verifier + modPow(g, a.b, N)) % N);
    expect(startServerSession(verifier).B).toBeGreaterThan(0n);
  });

  it("never returns b = 0, and gives up on a broken random source", () => {
    const verifier = modPow(g, 99n, N);
    let calls = 0;
    const zeroOnce = (length: number) =>
      calls++ === 0 ? new Uint8Array(length) : new Uint8Array(length).fill(1);
    expect(startServerSession(verifier, zeroOnce).b).toBe(BigInt(`0x${"01".repeat(32)}`));
    expect(() => startServerSession(verifier, (length) => new Uint8Array(length))).toThrow(/degenerate/);
  });

  it("rejects a verifier outside (0, N)", () => {
    for (const verifier of [0n, -1n, N, N + 1n])
      expect(() => startServerSession(verifier)).toThrow(RangeError);
  });
});
