import { describe, expect, it } from "vitest";
import { g, k, N } from "./constants.js";
import { hexHash } from "./hash.js";
import { padHex } from "./encoding.js";

describe("SRP constants", () => {
  it("N is the RFC 3526 3072-bit MODP prime", () => {
    expect(N.toString(2)).toHaveLength(3072);
    expect(N.toString(16).slice(0, 16)).toBe("ffffffffffffffff");
    expect(N.toString(16).slice(-16)).toBe("ffffffffffffffff");
    expect(N % 8n).toBe(7n); // a safe prime with 2 as a quadratic residue, as RFC 3526 states
    expect(g).toBe(2n);
  });

  it("k is SHA256(0x00 ‖ N ‖ 0x02), the documented value", async () => {
    expect(padHex(N).slice(0, 4)).toBe("00ff");
    expect(padHex(g)).toBe("02");
    expect(BigInt(`0x${await hexHash(padHex(N) + padHex(g))}`)).toBe(k);
    expect(k.toString(16)).toBe("538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6");
  });
});
