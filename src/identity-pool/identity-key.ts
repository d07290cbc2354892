/**
 * The identity service's signing keys: what signs the OpenID tokens of GetOpenIdToken and
 * GetOpenIdTokenForDeveloperIdentity (identity-sync-iam.md §1.7). One key pair for the whole
 * service (Cognito Identity's tokens all come from one issuer), kept in the `identitySigningKeys`
 * table: the public JWK in clear, the private one sealed under the master key.
 */
import { calculateJwkThumbprint } from "jose";
import { open, seal } from "../runtime/sealed.js";

/** The public half as published at `{publicUrl}/.well-known/jwks_uri`, in the order Cognito's keys have. */
export interface IdentityPublicJwk {
  kty: "RSA";
  alg: "RS512";
  use: "sig";
  kid: string;
  n: string;
  e: string;
}

/** A signing key as the `identitySigningKeys` table stores it. */
export interface StoredIdentityKey {
  /** The RFC 7638 thumbprint of the public key. */
  kid: string;
  publicJwk: IdentityPublicJwk;
  /** The private JWK, sealed with the context `identity-signing-key:{kid}`. */
  sealedPrivateJwk: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

/**
 * A stored record as a key: the table keeps the public JWK as any JSON object; only the ones this
 * module wrote (an RS512 RSA key under its own kid) are keys.
 */
export function storedIdentityKeys(
  records: readonly {
    kid: string;
    publicJwk: Readonly<Record<string, unknown>>;
    sealedPrivateJwk: string;
    createdAt: number;
  }[],
): StoredIdentityKey[] {
  const keys: StoredIdentityKey[] = [];
  for (const { kid, publicJwk: jwk, sealedPrivateJwk, createdAt } of records) {
    if (
      jwk.kty !== "RSA" ||
      jwk.alg !== "RS512" ||
      jwk.kid !== kid ||
      typeof jwk.n !== "string" ||
      typeof jwk.e !== "string"
    )
      continue;
    keys.push({
      kid,
      publicJwk: { kty: "RSA", alg: "RS512", use: "sig", kid, n: jwk.n, e: jwk.e },
      sealedPrivateJwk,
      createdAt,
    });
  }
  return keys;
}

/** Cognito Identity signs with RS512 (its tokens' header says `"alg":"RS512"`). */
const RSA = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-512",
} as const;

const contextOf = (kid: string) => `identity-signing-key:${kid}`;

/**
 * A new RS512 key pair for the identity service, its private half sealed under the master key
 * and bound to its kid (a sealed key copied onto another record does not open).
 *
 * @example
 * ```ts
 * const record = await createIdentityKey(masterKey, Date.now());
 * await store.identitySigningKeys.add(record);
 * ```
 */
export async function createIdentityKey(masterKey: CryptoKey, now = Date.now()): Promise<StoredIdentityKey> {
  const pair = (await crypto.subtle.generateKey(RSA, true, ["sign", "verify"])) as CryptoKeyPair;
  const privateJwk = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  const { n, e } = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
  // The kid is the key's RFC 7638 thumbprint, as the user pools' are (Cognito's own are
  // region+N, e.g. "us-east-11"; verifiers only match it against the JWKS).
  const kid = await calculateJwkThumbprint({ kty: "RSA", n, e }, "sha256");
  return {
    kid,
    publicJwk: { kty: "RSA", alg: "RS512", use: "sig", kid, n: n!, e: e! },
    sealedPrivateJwk: await seal(masterKey, contextOf(kid), JSON.stringify(privateJwk)),
    createdAt: now,
  };
}

/**
 * The key that signs new tokens: the newest of the stored ones (older ones stay published until
 * the tokens they signed have expired). `undefined` when none is stored yet.
 */
export function currentIdentityKey(records: readonly StoredIdentityKey[]): StoredIdentityKey | undefined {
  let newest: StoredIdentityKey | undefined;
  for (const record of records) {
    if (
      newest === undefined ||
      record.createdAt > newest.createdAt ||
      (record.createdAt === newest.createdAt && record.kid > newest.kid)
    )
      newest = record;
  }
  return newest;
}

/** How many opened private keys are kept per master key (a handful exist; rotation adds one). */
const MAX_OPENED = 16;
const opened = new WeakMap<CryptoKey, Map<string, Promise<CryptoKey>>>();

/**
 * The private key of a stored identity key, ready to sign RS512 (non-extractable). Opened once
 * per master key and record, then kept in the process (as the master key itself is); a failure
 * (wrong master key, a tampered record) is not kept, so the next call tries again.
 *
 * @example
 * ```ts
 * const key = await identitySigner(masterKey, record);
 * const token = await signOpenIdToken(key, record.kid, facts);
 * ```
 */
export function identitySigner(masterKey: CryptoKey, record: StoredIdentityKey): Promise<CryptoKey> {
  let byRecord = opened.get(masterKey);
  if (byRecord === undefined) opened.set(masterKey, (byRecord = new Map()));
  const id = `${record.kid}\n${record.sealedPrivateJwk}`;
  let key = byRecord.get(id);
  if (key === undefined) {
    key = open(masterKey, contextOf(record.kid), record.sealedPrivateJwk).then((text) =>
      crypto.subtle.importKey("jwk", JSON.parse(text) as JsonWebKey, RSA, false, ["sign"]),
    );
    const kept = byRecord;
    key.catch(() => kept.delete(id));
    if (kept.size >= MAX_OPENED) kept.delete(kept.keys().next().value!);
    kept.set(id, key);
  }
  return key;
}
