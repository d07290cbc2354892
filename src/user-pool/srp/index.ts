/**
 * Cognito's SRP-6a, server side, runtime-neutral (Web APIs only). Modular exponentiation comes
 * from the `#crypto` port (`modPow`): OpenSSL through node:crypto on Node
 * (`src/runtime/modpow.node.ts`), portable `bigint` elsewhere (`src/runtime/modpow.web.ts`). See docs/cognito-user-pools.md §2 for the protocol this follows byte for byte.
 *
 * A sign-in, end to end:
 * ```ts
 * // SignUp / AdminSetUserPassword / ...: store a salt and verifier, never the password.
 * const { salt, verifier } = await computeVerifier(poolName, userId, password);
 * // InitiateAuth USER_SRP_AUTH:
 * const A = parseSrpA(AuthParameters.SRP_A); // null → InvalidParameterException
 * const { b, B } = startServerSession(verifier);
 * // → PASSWORD_VERIFIER { SALT: salt, SRP_B: B.toString(16), SECRET_BLOCK, USER_ID_FOR_SRP: userId, ... }
 * // RespondToAuthChallenge PASSWORD_VERIFIER:
 * const ok = await verifyPasswordClaim({ A, B, b, verifier, poolName, userIdForSrp: userId,
 *   secretBlock, timestamp: TIMESTAMP, signature: PASSWORD_CLAIM_SIGNATURE });
 * ```
 */
export { computeU, claimSignature, verifyPasswordClaim, type PasswordClaim } from "./claim.js";
export { DERIVED_KEY_BYTES, g, HKDF_INFO, k, N, SALT_BYTES, SERVER_SECRET_BYTES } from "./constants.js";
export { deviceVerifierFromConfig, type DeviceSecretVerifierConfig } from "./device.js";
export {
  base64ToBytes,
  bigintFromHex,
  bytesToBase64,
  bytesToHex,
  hexToBytes,
  padHex,
  timingSafeEqual,
} from "./encoding.js";
export { H, hexHash, hmacSha256, sha256 } from "./hash.js";
export { deriveKey } from "./hkdf.js";
export { webRandomBytes, type RandomBytes } from "./random.js";
export { parseSrpA, startServerSession, type ServerSession } from "./session.js";
export { formatTimestamp, isTimestampFresh, parseTimestamp, TIMESTAMP_SKEW_MS } from "./timestamp.js";
export { simulatedSrpUser, simulatedVerifier, type SimulatedSrpUser } from "./unknown-user.js";
export { computeVerifier, computeX, verifyPassword, type SrpVerifier } from "./verifier.js";
