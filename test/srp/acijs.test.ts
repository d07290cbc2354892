/**
 * The server's SRP against the real amazon-cognito-identity-js client code: its
 * AuthenticationHelper computes A, K and the device verifier, and the signature is built
 * exactly as CognitoUser.authenticateUserDefaultAuth builds it. The SRP module computes with
 * the `#crypto` port's modPow (node:crypto here); src/runtime/modpow.node.test.ts checks that it
 * and the portable one agree, and the SRP vectors run in workerd on the portable one.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { describe, expect, it } from "vitest";
import {
  deviceVerifierFromConfig,
  k,
  padHex,
  parseSrpA,
  startServerSession,
  computeVerifier,
  verifyPasswordClaim,
} from "../../src/user-pool/srp/index.js";
import { randomBelow, seededRandom } from "../../src/user-pool/srp/random.testing.js";
import {
  authenticationHelper,
  call,
  jsbn,
  nowString,
  type AuthenticationHelper,
  type JsbnBigInteger,
} from "./acijs.js";

const POOL_NAME = "AbCdEfGhI"; // from the UserPoolId us-east-1_AbCdEfGhI
const USER_ID = "7d2f1b9e-3c4a-4e5f-8a6b-0c1d2e3f4a5b"; // USER_ID_FOR_SRP, the internal username
const PASSWORD = "Correct-Horse-9";

interface Challenge {
  salt: string;
  B: bigint;
  secretBlock: Uint8Array;
}

/** PASSWORD_CLAIM_SIGNATURE and TIMESTAMP exactly as CognitoUser computes them from the helper's key. */
async function clientSignature(
  helper: AuthenticationHelper,
  poolName: string,
  username: string,
  password: string,
  challenge: Challenge,
) {
  const hkdf = await call<Uint8Array>((cb) =>
    helper.getPasswordAuthenticationKey(
      username,
      password,
      jsbn(helper, challenge.B.toString(16)),
      jsbn(helper, challenge.salt),
      cb,
    ),
  );
  const timestamp = nowString();
  const secretBlock = Buffer.from(challenge.secretBlock).toString("base64");
  const message = Buffer.concat([
    Buffer.from(poolName, "utf8"),
    Buffer.from(username, "utf8"),
    Buffer.from(secretBlock, "base64"),
    Buffer.from(timestamp, "utf8"),
  ]);
  const hmac = new Sha256(hkdf);
  hmac.update(message);
  return { timestamp, signature: Buffer.from(await hmac.digest()).toString("base64") };
}

/** One USER_SRP_AUTH round trip: the helper's A in, PASSWORD_VERIFIER out, the claim checked. */
async function signIn(
  stored: { salt: string; verifier: bigint },
  poolName: string,
  username: string,
  password: string,
) {
  const helper = authenticationHelper(poolName);
  const srpA = (await call<JsbnBigInteger>((cb) => helper.getLargeAValue(cb))).toString(16);
  const A = parseSrpA(srpA);
  expect(A).not.toBeNull();
  const { b, B } = startServerSession(stored.verifier);
  const secretBlock = crypto.getRandomValues(new Uint8Array(64));
  const { timestamp, signature } = await clientSignature(helper, poolName, username, password, {
    salt: stored.salt,
    B,
    secretBlock,
  });
  return verifyPasswordClaim({
    A: A!,
    B,
    b,
    verifier: stored.verifier,
    poolName,
    userIdForSrp: username,
    secretBlock,
    timestamp,
    signature,
  });
}

describe("the client's constants and encodings", () => {
  it("k and N are the client's", () => {
    const helper = authenticationHelper(POOL_NAME);
    expect(helper.k.toString(16)).toBe(k.toString(16));
    expect(helper.padHex(helper.N)).toBe(padHex(BigInt(`0x${helper.N.toString(16)}`)));
  });

  it("padHex agrees with the client's on edge and random values (seeded)", () => {
    const helper = authenticationHelper(POOL_NAME);
    const random = seededRandom(99);
    const values = [1n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x7fffn, 0x8000n, 0x0fffn];
    for (let i = 0; i < 300; i++) values.push(randomBelow(random, 1n << BigInt(1 + (i % 400))));
    for (const value of values)
      expect(padHex(value), value.toString(16)).toBe(helper.padHex(jsbn(helper, value.toString(16))));
  });
});

describe("USER_SRP_AUTH with amazon-cognito-identity-js", () => {
  it("accepts the client's signature for the right password", async () => {
    const stored = await computeVerifier(POOL_NAME, USER_ID, PASSWORD);
    expect(await signIn(stored, POOL_NAME, USER_ID, PASSWORD)).toBe(true);
  });

  it("rejects a wrong password, another username and another pool", async () => {
    const stored = await computeVerifier(POOL_NAME, USER_ID, PASSWORD);
    expect(await signIn(stored, POOL_NAME, USER_ID, "Correct-Horse-8")).toBe(false);
    expect(await signIn(stored, POOL_NAME, "alice", PASSWORD)).toBe(false);
    expect(await signIn(stored, "ZyXwVuTsR", USER_ID, PASSWORD)).toBe(false);
  });

  it("works with salts that gain or lose a padding byte", async () => {
    for (const salt of [`00${"3c".repeat(15)}`, "e9".repeat(16), `0000${"11".repeat(14)}`]) {
      const stored = await computeVerifier(POOL_NAME, USER_ID, PASSWORD, salt);
      expect(await signIn(stored, POOL_NAME, USER_ID, PASSWORD), salt).toBe(true);
    }
  });

  it("device SRP: accepts the verifier from generateHashDevice and the device's claim", async () => {
    const deviceGroupKey = "-wt2ha1Zd";
    const deviceKey = "us-east-1_4a6f1c2e-9b3d-4e8f-a1c2-d3e4f5a6b7c8";
    const helper = authenticationHelper(POOL_NAME);
    await call((cb) => helper.generateHashDevice(deviceGroupKey, deviceKey, cb));
    // ConfirmDevice's DeviceSecretVerifierConfig, as CognitoUser builds it.
    const stored = deviceVerifierFromConfig({
      Salt: Buffer.from(helper.getSaltDevices(), "hex").toString("base64"),
      PasswordVerifier: Buffer.from(helper.getVerifierDevices(), "hex").toString("base64"),
    });
    expect(stored).not.toBeNull();
    // The server's own verifier computation agrees with the client's for the device secret.
    const recomputed = await computeVerifier(
      deviceGroupKey,
      deviceKey,
      helper.getRandomPassword(),
      stored!.salt,
    );
    expect(recomputed.verifier).toBe(stored!.verifier);

    // CognitoUser.getDeviceResponse: a helper for the DeviceGroupKey, the DeviceKey as username.
    expect(await signIn(stored!, deviceGroupKey, deviceKey, helper.getRandomPassword())).toBe(true);
    expect(await signIn(stored!, deviceGroupKey, deviceKey, `${helper.getRandomPassword()}x`)).toBe(false);
    expect(await signIn(stored!, POOL_NAME, deviceKey, helper.getRandomPassword())).toBe(false);
  });
});
