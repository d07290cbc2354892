/**
 * The server's check of PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER: recompute the client's
 * key from the verifier and compare PASSWORD_CLAIM_SIGNATURE.
 */
import { modPow } from "#crypto";
import { N } from "./constants.js";
import { base64ToBytes, concatBytes, padHex, timingSafeEqual, utf8 } from "./encoding.js";
import { hexHash, hmacSha256 } from "./hash.js";
import { deriveKey } from "./hkdf.js";
import { isTimestampFresh, TIMESTAMP_SKEW_MS } from "./timestamp.js";

/** Everything `verifyPasswordClaim` needs; for device SRP, see the two name fields. */
export interface PasswordClaim {
  /** The client's A from InitiateAuth (or DEVICE_SRP_AUTH). */
  A: bigint;
  /** The B and b of `startServerSession`. */
  B: bigint;
  b: bigint;
  /** The stored verifier v. */
  verifier: bigint;
  /** The pool id after `_` (e.g. `AbCdEfGhI`); the DeviceGroupKey for device SRP. */
  poolName: string;
  /** USER_ID_FOR_SRP, the internal username; the DeviceKey for device SRP. */
  userIdForSrp: string;
  /** The bytes of PASSWORD_CLAIM_SECRET_BLOCK (base64-decoded). */
  secretBlock: Uint8Array;
  /** TIMESTAMP exactly as the client sent it: it is signed as a string and never re-formatted. */
  timestamp: string;
  /** PASSWORD_CLAIM_SIGNATURE, base64. */
  signature: string;
  /** The server clock for the freshness check; `Date.now()` when omitted. */
  now?: number | Date;
  /** How far TIMESTAMP may be from `now`; ±5 minutes when omitted. */
  skewMs?: number;
}

/**
 * The scrambler `u = hexHash(padHex(A) + padHex(B))`.
 */
export async function computeU(A: bigint, B: bigint): Promise<bigint> {
  return BigInt(`0x${await hexHash(padHex(A) + padHex(B))}`);
}

/**
 * PASSWORD_CLAIM_SIGNATURE's bytes: `HMAC_SHA256(K, poolName ‖ userIdForSrp ‖ secretBlock ‖ timestamp)`.
 */
export async function claimSignature(
  K: Uint8Array,
  poolName: string,
  userIdForSrp: string,
  secretBlock: Uint8Array,
  timestamp: string,
): Promise<Uint8Array> {
  return hmacSha256(K, concatBytes(utf8(poolName), utf8(userIdForSrp), secretBlock, utf8(timestamp)));
}

/**
 * Whether the client proved knowledge of the password (or device secret): `S = (A·v^u)^b mod N`,
 * K from S and u, then the signature compared in constant time. False, never a throw, for a
 * wrong password, a stale or malformed TIMESTAMP, a signature that is not base64, `A mod N == 0`
 * or `u == 0`; the caller answers every one of them with "Incorrect username or password.".
 */
export async function verifyPasswordClaim(claim: PasswordClaim): Promise<boolean> {
  const { A, B, b, verifier } = claim;
  if (A <= 0n || A % N === 0n || B <= 0n || b <= 0n || verifier <= 0n) return false;
  if (!isTimestampFresh(claim.timestamp, claim.now ?? Date.now(), claim.skewMs ?? TIMESTAMP_SKEW_MS))
    return false;
  const signature = base64ToBytes(claim.signature);
  if (signature === null) return false;

  const u = await computeU(A, B);
  // u == 0 would make S independent of the verifier: anyone could answer.
  if (u === 0n) return false;
  const S = modPow((A * modPow(verifier, u, N)) % N, b, N);
  const K = await deriveKey(S, u);
  const expected = await claimSignature(
    K,
    claim.poolName,
    claim.userIdForSrp,
    claim.secretBlock,
    claim.timestamp,
  );
  return timingSafeEqual(signature, expected);
}
