import { calculateJwkThumbprint } from "jose";
import { open, seal } from "../../runtime/sealed.js";

/** A pool's token signing key as stored: the public JWK in clear, the private one sealed. */
export interface StoredSigningKey {
  kid: string;
  publicJwk: JsonWebKey & { kid: string; alg: "RS256"; use: "sig" };
  sealedPrivateJwk: string;
  createdAt: number;
}

const RSA = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-256",
} as const;

const contextOf = (poolId: string, kid: string) => `pool-signing-key:${poolId}:${kid}`;

/**
 * A new RS256 key pair for a user pool (Cognito signs with RS256), its private half sealed under
 * the master key and bound to the pool and kid.
 *
 * @example
 * ```ts
 * const key = await createSigningKey(masterKey, "us-east-1_AbCdEf");
 * jwks.keys.push(key.publicJwk);
 * ```
 */
export async function createSigningKey(
  masterKey: CryptoKey,
  poolId: string,
  now = Date.now(),
): Promise<StoredSigningKey> {
  const pair = (await crypto.subtle.generateKey(RSA, true, ["sign", "verify"])) as CryptoKeyPair;
  const privateJwk = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  const publicJwk = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
  // The kid is the key's RFC 7638 thumbprint: stable, and unique without a registry.
  const kid = await calculateJwkThumbprint({ kty: "RSA", n: publicJwk.n, e: publicJwk.e }, "sha256");
  return {
    kid,
    publicJwk: { kty: "RSA", n: publicJwk.n, e: publicJwk.e, kid, alg: "RS256", use: "sig" },
    sealedPrivateJwk: await seal(masterKey, contextOf(poolId, kid), JSON.stringify(privateJwk)),
    createdAt: now,
  };
}

/** The private key of a stored signing key, ready to sign (non-extractable). */
export async function signingKeyOf(
  masterKey: CryptoKey,
  poolId: string,
  stored: StoredSigningKey,
): Promise<CryptoKey> {
  const jwk = JSON.parse(
    await open(masterKey, contextOf(poolId, stored.kid), stored.sealedPrivateJwk),
  ) as JsonWebKey;
  return crypto.subtle.importKey("jwk", jwk, RSA, false, ["sign"]);
}
