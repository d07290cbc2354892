/**
 * The stored side of SRP: a salt and `v = g^x mod N`, never the password. Computed on every
 * password set, and checked directly by the plaintext flows (USER_PASSWORD_AUTH and friends).
 */
import { modPow } from "#crypto";
import { g, N, SALT_BYTES } from "./constants.js";
import { bigintFromHex, bytesToHex, hexToBytes, padHex, timingSafeEqual } from "./encoding.js";
import { H, hexHash } from "./hash.js";
import { webRandomBytes, type RandomBytes } from "./random.js";

/** What a user (or a remembered device) record keeps for SRP. */
export interface SrpVerifier {
  /** Hex, as sent to clients in SALT. Only its integer value matters. */
  salt: string;
  /** `g^x mod N`; store `padHex(verifier)` or any lossless encoding of it. */
  verifier: bigint;
}

function saltValue(salt: string): bigint {
  const value = bigintFromHex(salt);
  if (value === null) throw new TypeError("salt must be hex");
  return value;
}

/**
 * The private key `x = hexHash(padHex(salt) + H(poolName + username + ":" + password))`.
 * For device SRP, `poolName` is the DeviceGroupKey and `username` the DeviceKey.
 *
 * The salt goes in as `padHex` of its integer value, not as stored: a salt with a leading
 * zero byte hashes differently from its hex, and clients only ever see the integer.
 */
export async function computeX(
  poolName: string,
  username: string,
  password: string,
  salt: string,
): Promise<bigint> {
  const inner = await H(`${poolName}${username}:${password}`);
  return BigInt(`0x${await hexHash(padHex(saltValue(salt)) + inner)}`);
}

/**
 * The salt and verifier to store when a password is set. `internalUsername` is the immutable
 * USER_ID_FOR_SRP (the `sub`-like UUID in email/phone pools), never an alias: clients compute
 * x from what the challenge calls USER_ID_FOR_SRP.
 *
 * @param salt hex; 16 fresh random bytes when omitted.
 */
export async function computeVerifier(
  poolName: string,
  internalUsername: string,
  password: string,
  salt?: string,
  random: RandomBytes = webRandomBytes,
): Promise<SrpVerifier> {
  const saltHex = salt ?? bytesToHex(random(SALT_BYTES));
  const x = await computeX(poolName, internalUsername, password, saltHex);
  return { salt: saltHex, verifier: modPow(g, x, N) };
}

/**
 * Checks a plaintext password against a stored verifier by recomputing `g^x mod N`, in
 * constant time over the result.
 */
export async function verifyPassword(
  stored: SrpVerifier,
  poolName: string,
  internalUsername: string,
  password: string,
): Promise<boolean> {
  const x = await computeX(poolName, internalUsername, password, stored.salt);
  const expected = hexToBytes(padHex(stored.verifier));
  return timingSafeEqual(hexToBytes(padHex(modPow(g, x, N))), expected);
}
