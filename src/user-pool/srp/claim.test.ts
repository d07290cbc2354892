import { describe, expect, it } from "vitest";
import { computeU, verifyPasswordClaim, type PasswordClaim } from "./claim.js";
import { clientA, clientClaim } from "./client.testing.js";
import { N } from "./constants.js";
import { base64ToBytes, bytesToBase64, bytesToHex } from "./encoding.js";
import { randomBelow, seededRandom } from "./random.testing.js";
import { parseTimestamp } from "./timestamp.js";
import { startServerSession } from "./session.js";
import { computeVerifier } from "./verifier.js";
import { SRP_VECTORS, type SrpVector } from "./vectors.testing.js";

const big = (hex: string) => BigInt(`0x${hex}`);

/** The server-side claim a fixed vector describes, checked at the vector's own time. */
function claimOf(v: SrpVector): PasswordClaim {
  return {
    A: big(v.A),
    B: big(v.B),
    b: big(v.b),
    verifier: big(v.verifier),
    poolName: v.poolName,
    userIdForSrp: v.userIdForSrp,
    secretBlock: base64ToBytes(v.secretBlock)!,
    timestamp: v.timestamp,
    signature: v.signature,
    now: parseTimestamp(v.timestamp)!,
  };
}

describe.each(SRP_VECTORS.map((v) => [v.name, v] as const))("verifyPasswordClaim: %s", (_, v) => {
  it("the test client reproduces the vector", async () => {
    expect(clientA(big(v.a)).toString(16)).toBe(v.A);
    expect((await computeU(big(v.A), big(v.B))).toString(16)).toBe(v.u);
    const client = await clientClaim({
      a: big(v.a),
      B: big(v.B),
      salt: v.salt,
      poolName: v.poolName,
      userIdForSrp: v.userIdForSrp,
      password: v.password,
      secretBlock: base64ToBytes(v.secretBlock)!,
      timestamp: v.timestamp,
    });
    expect(client.S.toString(16)).toBe(v.S);
    expect(bytesToHex(client.K)).toBe(v.K);
    expect(client.signature).toBe(v.signature);
  });

  it("accepts the vector's signature", async () => {
    expect(await verifyPasswordClaim(claimOf(v))).toBe(true);
  });

  it("rejects any changed input", async () => {
    const flipped = base64ToBytes(v.signature)!;
    flipped[31]! ^= 1;
    const block = base64ToBytes(v.secretBlock)!;
    block[0]! ^= 1;
    const changes: Partial<PasswordClaim>[] = [
      { signature: bytesToBase64(flipped) },
      { secretBlock: block },
      { poolName: `${v.poolName}x` },
      { userIdForSrp: v.userIdForSrp.toUpperCase() },
      { verifier: big(v.verifier) + 1n },
      { b: big(v.b) + 1n },
      { A: big(v.A) + 1n },
      { B: big(v.B) + 1n },
    ];
    for (const change of changes)
      expect(await verifyPasswordClaim({ ...claimOf(v), ...change }), Object.keys(change)[0]).toBe(false);
  });

  it("signs the TIMESTAMP as sent and rejects it when stale or malformed", async () => {
    const claim = claimOf(v);
    expect(await verifyPasswordClaim({ ...claim, now: (claim.now! as number) + 5 * 60_000 })).toBe(true);
    expect(await verifyPasswordClaim({ ...claim, now: (claim.now! as number) + 5 * 60_000 + 1000 })).toBe(
      false,
    );
    expect(await verifyPasswordClaim({ ...claim, now: (claim.now! as number) - 5 * 60_000 - 1000 })).toBe(
      false,
    );
    expect(await verifyPasswordClaim({ ...claim, now: undefined })).toBe(false);
    expect(await verifyPasswordClaim({ ...claim, timestamp: `${claim.timestamp} ` })).toBe(false);
  });

  it("rejects A mod N == 0 and signatures that are not base64", async () => {
    for (const A of [0n, N, 2n * N]) expect(await verifyPasswordClaim({ ...claimOf(v), A })).toBe(false);
    expect(await verifyPasswordClaim({ ...claimOf(v), signature: "not base64!" })).toBe(false);
    expect(await verifyPasswordClaim({ ...claimOf(v), signature: "" })).toBe(false);
  });
});

describe("TIMESTAMP as sent", () => {
  it("is what the signature covers: the same instant spelt otherwise does not verify", async () => {
    const claim = claimOf(SRP_VECTORS[0]!);
    expect(claim.timestamp).toBe("Thu Nov 6 07:05:09 UTC 2025");
    expect(await verifyPasswordClaim({ ...claim, timestamp: "Thu Nov 06 07:05:09 UTC 2025" })).toBe(false);
  });

  it("verifies a zero-padded day when that is what the client signed", async () => {
    const v = SRP_VECTORS[0]!;
    const timestamp = "Thu Nov 06 07:05:09 UTC 2025";
    const secretBlock = base64ToBytes(v.secretBlock)!;
    const { signature } = await clientClaim({
      a: big(v.a),
      B: big(v.B),
      salt: v.salt,
      poolName: v.poolName,
      userIdForSrp: v.userIdForSrp,
      password: v.password,
      secretBlock,
      timestamp,
    });
    expect(await verifyPasswordClaim({ ...claimOf(v), timestamp, signature })).toBe(true);
  });
});

describe("a full exchange with seeded randomness", () => {
  it.each([1, 2, 3])("seed %i: the right password passes, a wrong one fails", async (seed) => {
    const random = seededRandom(seed);
    const poolName = "AbCdEfGhI";
    const userIdForSrp = "0d5e6f7a-1b2c-4d3e-8f90-a1b2c3d4e5f6";
    const stored = await computeVerifier(poolName, userIdForSrp, "Passw0rd!", undefined, random);
    const a = randomBelow(random, 1n << 1024n);
    const { b, B } = startServerSession(stored.verifier, random);
    const secretBlock = random(64);
    const timestamp = "Thu Nov 6 07:05:09 UTC 2025";
    const now = parseTimestamp(timestamp)!;
    const claim = async (password: string) => {
      const { signature } = await clientClaim({
        a,
        B,
        salt: stored.salt,
        poolName,
        userIdForSrp,
        password,
        secretBlock,
        timestamp,
      });
      return verifyPasswordClaim({
        A: clientA(a),
        B,
        b,
        verifier: stored.verifier,
        poolName,
        userIdForSrp,
        secretBlock,
        timestamp,
        signature,
        now,
      });
    };
    expect(await claim("Passw0rd!")).toBe(true);
    expect(await claim("passw0rd!")).toBe(false);
    expect(await claim("")).toBe(false);
  });
});
