/**
 * A minimal SRP client, for tests that must run where amazon-cognito-identity-js cannot
 * (workerd): it follows docs §2 step 3, and test/srp/acijs.test.ts checks it and the server
 * against the real client.
 */
import { modPow } from "#crypto";
import { claimSignature, computeU } from "./claim.js";
import { g, k, N } from "./constants.js";
import { bytesToBase64 } from "./encoding.js";
import { deriveKey } from "./hkdf.js";
import { computeX } from "./verifier.js";

/** What the client sends in RespondToAuthChallenge. */
export interface ClientClaim {
  signature: string;
  K: Uint8Array;
  S: bigint;
  u: bigint;
}

/**
 * The client's `A = g^a mod N`.
 */
export function clientA(a: bigint): bigint {
  return modPow(g, a, N);
}

/**
 * The client's PASSWORD_CLAIM_SIGNATURE for a challenge: `S = (B − k·g^x)^(a + u·x) mod N`,
 * K from S and u, then the HMAC over poolName ‖ userIdForSrp ‖ secretBlock ‖ timestamp.
 */
export async function clientClaim(input: {
  a: bigint;
  B: bigint;
  salt: string;
  poolName: string;
  userIdForSrp: string;
  password: string;
  secretBlock: Uint8Array;
  timestamp: string;
}): Promise<ClientClaim> {
  const A = clientA(input.a);
  const u = await computeU(A, input.B);
  const x = await computeX(input.poolName, input.userIdForSrp, input.password, input.salt);
  const base = (((input.B - k * modPow(g, x, N)) % N) + N) % N;
  const S = modPow(base, input.a + u * x, N);
  const K = await deriveKey(S, u);
  const mac = await claimSignature(K, input.poolName, input.userIdForSrp, input.secretBlock, input.timestamp);
  return { signature: bytesToBase64(mac), K, S, u };
}
