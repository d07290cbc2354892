/**
 * Device SRP: a remembered device authenticates like a user, with DeviceGroupKey in place of
 * the pool name, DeviceKey in place of the username, and a verifier the client computed itself
 * and sent in ConfirmDevice.
 */
import { N } from "./constants.js";
import { base64ToBytes, bytesToHex } from "./encoding.js";
import type { SrpVerifier } from "./verifier.js";

/** ConfirmDevice's `DeviceSecretVerifierConfig`, as on the wire. */
export interface DeviceSecretVerifierConfig {
  /** base64 of the bytes of `padHex(g^x mod N)`. */
  PasswordVerifier?: string;
  /** base64 of the bytes of `padHex(salt)`. */
  Salt?: string;
}

/**
 * The salt and verifier to store for a device: `v = int(base64decode(PasswordVerifier))`,
 * `salt = hex(base64decode(Salt))`. Null when either is missing or not base64, or when v is
 * outside `(0, N)`, where `startServerSession` could not use it.
 */
export function deviceVerifierFromConfig(config: DeviceSecretVerifierConfig): SrpVerifier | null {
  if (typeof config.PasswordVerifier !== "string" || typeof config.Salt !== "string") return null;
  const verifierBytes = base64ToBytes(config.PasswordVerifier);
  const saltBytes = base64ToBytes(config.Salt);
  if (verifierBytes === null || saltBytes === null || verifierBytes.length === 0 || saltBytes.length === 0)
    return null;
  const verifier = BigInt(`0x${bytesToHex(verifierBytes)}`);
  if (verifier <= 0n || verifier >= N) return null;
  return { salt: bytesToHex(saltBytes), verifier };
}
