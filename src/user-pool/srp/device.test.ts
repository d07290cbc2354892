import { describe, expect, it } from "vitest";
import { verifyPasswordClaim } from "./claim.js";
import { N } from "./constants.js";
import { deviceVerifierFromConfig } from "./device.js";
import { base64ToBytes, bytesToBase64, hexToBytes, padHex } from "./encoding.js";
import { parseTimestamp } from "./timestamp.js";
import { SRP_VECTORS } from "./vectors.testing.js";

const device = SRP_VECTORS.find((v) => v.name === "device")!;

/** DeviceSecretVerifierConfig as amazon-cognito-identity-js builds it for ConfirmDevice. */
const config = {
  PasswordVerifier: bytesToBase64(hexToBytes(padHex(BigInt(`0x${device.verifier}`)))),
  Salt: bytesToBase64(hexToBytes(device.salt)),
};

describe("deviceVerifierFromConfig", () => {
  it("stores int(PasswordVerifier) and hex(Salt)", () => {
    expect(deviceVerifierFromConfig(config)).toEqual({
      salt: device.salt,
      verifier: BigInt(`0x${device.verifier}`),
    });
  });

  it("gives a verifier the device's SRP exchange verifies against", async () => {
    const stored = deviceVerifierFromConfig(config)!;
    const ok = await verifyPasswordClaim({
      A: BigInt(`0x${device.A}`),
      B: BigInt(`0x${device.B}`),
      b: BigInt(`0x${device.b}`),
      verifier: stored.verifier,
      poolName: device.poolName, // DeviceGroupKey
      userIdForSrp: device.userIdForSrp, // DeviceKey
      secretBlock: base64ToBytes(device.secretBlock)!,
      timestamp: device.timestamp,
      signature: device.signature,
      now: parseTimestamp(device.timestamp)!,
    });
    expect(ok).toBe(true);
  });

  it.each([
    ["missing verifier", { Salt: config.Salt }],
    ["missing salt", { PasswordVerifier: config.PasswordVerifier }],
    ["verifier not base64", { ...config, PasswordVerifier: "!!" }],
    ["salt not base64", { ...config, Salt: "a" }],
    ["empty verifier", { ...config, PasswordVerifier: "" }],
    ["empty salt", { ...config, Salt: "" }],
    ["zero verifier", { ...config, PasswordVerifier: "AAAA" }],
    ["verifier >= N", { ...config, PasswordVerifier: bytesToBase64(hexToBytes(padHex(N))) }],
    ["non-string verifier", { ...config, PasswordVerifier: 12 as unknown as string }],
  ])("rejects a config with %s", (_, bad) => {
    expect(deviceVerifierFromConfig(bad)).toBeNull();
  });
});
