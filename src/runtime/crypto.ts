/**
 * The crypto port: what the core needs from the platform's cryptography. Signature checks for
 * JWT verification ({@link SignatureCrypto}), digests ({@link Digests}), RS256 signing
 * ({@link Rs256Sign}) and SRP's modular exponentiation ({@link ModPow}).
 *
 * The core only speaks to these types. `#crypto` (a package.json subpath import) picks the
 * implementation: `crypto.node.ts` (node:crypto, synchronous, no thread-pool hop) on Node and
 * `crypto.web.ts` (WebCrypto, portable `bigint`) everywhere else, as aws-jwt-verify does with
 * `#node-web-compat`. Both export the same names: `signatureCrypto`, `digests`, `rs256Sign`,
 * `modPow`.
 */

/** The JWS algorithms cognate verifies. All asymmetric: HMAC and `none` are never accepted. */
export const JWS_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
] as const;

export type JwsAlgorithm = (typeof JWS_ALGORITHMS)[number];

/** A public JSON Web Key as found in a JWKS (RFC 7517). */
export interface PublicJwk {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  crv?: string;
  n?: string;
  e?: string;
  x?: string;
  y?: string;
}

/** An imported verification key; opaque outside the implementation that made it. */
export type VerifyKey = { readonly alg: JwsAlgorithm };

export interface SignatureCrypto {
  /**
   * Imports `jwk` for verifying `alg` signatures. Rejects when the key cannot serve `alg`
   * (wrong type or curve, or an RSA modulus under 2048 bits).
   */
  importKey(jwk: PublicJwk, alg: JwsAlgorithm): Promise<VerifyKey>;
  /** Verifies `signature` over `data`; false (never a throw) for a signature that does not fit. */
  verify(key: VerifyKey, signature: Uint8Array, data: Uint8Array): boolean | Promise<boolean>;
  /** SHA-256 of a string as base64url: the verified-token cache's key. */
  sha256(text: string): string | Promise<string>;
  /** The bytes of an ASCII string (a JWS signing input). */
  ascii(text: string): Uint8Array;
  /** Decodes base64url the caller has already checked to be of the alphabet `[A-Za-z0-9_-]`. */
  base64url(text: string): Uint8Array;
}

/**
 * SHA-256 and HMAC-SHA256 over bytes: node:crypto on Node, on the calling thread (a WebCrypto
 * call there is a job on the thread pool, several times the cost of a small hash); WebCrypto
 * elsewhere. Callers `await` either answer.
 */
export interface Digests {
  sha256(data: Uint8Array): Uint8Array<ArrayBuffer> | Promise<Uint8Array<ArrayBuffer>>;
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array<ArrayBuffer> | Promise<Uint8Array<ArrayBuffer>>;
  /**
   * Lower-case hex SHA-256 of a string's UTF-8 bytes, or of bytes: what SigV4 signs and compares.
   * On Node a string goes to the digest as it is, with no encoding step or copies (a signature
   * check hashes a canonical request of 1 to 8 KB on every request).
   */
  sha256Hex(data: string | Uint8Array): string | Promise<string>;
  /** Lower-case hex HMAC-SHA256 of a string's UTF-8 bytes under `key`, as {@link sha256Hex}. */
  hmacSha256Hex(key: Uint8Array, data: string): string | Promise<string>;
}

/**
 * An RS256 (RSASSA-PKCS1-v1_5, SHA-256) signature with a WebCrypto private key: node:crypto on
 * Node, on the calling thread; WebCrypto elsewhere. PKCS#1 v1.5 is deterministic, so both give
 * the same bytes.
 */
export type Rs256Sign = (
  key: CryptoKey,
  data: Uint8Array,
) => Uint8Array<ArrayBuffer> | Promise<Uint8Array<ArrayBuffer>>;

/**
 * Computes `base^exponent mod modulus`: the one SRP step that needs a runtime-specific fast path.
 * SRP costs three 3072-bit exponentiations per sign-in on the server; portable `bigint` code runs
 * everywhere but is several times slower than OpenSSL. `#crypto` exports `modPow`: OpenSSL's
 * constant-time path through node:crypto on Node (`modpow.node.ts`), portable `bigint` elsewhere
 * (`modpow.web.ts`). Both return the same value for every input.
 *
 * Contract for every implementation: `modulus > 0`, `exponent >= 0` (a `RangeError` otherwise);
 * `base` may be any integer, including negative or `>= modulus`; the result is in `[0, modulus)`.
 *
 * @example
 * ```ts
 * import { modPow } from "#crypto";
 * modPow(4n, 13n, 497n); // 445n
 * ```
 */
export type ModPow = (base: bigint, exponent: bigint, modulus: bigint) => bigint;

/** Refuses what no {@link ModPow} computes, with one RangeError for both ports. */
export function checkModPowOperands(exponent: bigint, modulus: bigint): void {
  if (modulus <= 0n) throw new RangeError("modulus must be positive");
  if (exponent < 0n) throw new RangeError("exponent must not be negative");
}

/** The smallest RSA modulus accepted (RFC 8725 §3.5, NIST SP 800-131A). */
export const MIN_RSA_BITS = 2048;

/** The curve each ECDSA algorithm requires (RFC 7518 §3.4). */
export const EC_CURVES: Partial<Record<JwsAlgorithm, string>> = {
  ES256: "P-256",
  ES384: "P-384",
  ES512: "P-521",
};

/** The hash each algorithm uses; EdDSA hashes internally. */
export function hashOf(alg: JwsAlgorithm): "SHA-256" | "SHA-384" | "SHA-512" | null {
  if (alg === "EdDSA") return null;
  return `SHA-${alg.slice(2)}` as "SHA-256" | "SHA-384" | "SHA-512";
}

/**
 * The exact length of a signature for `alg` (RSA: the modulus in bytes). RFC 8017 §8.1.2 and
 * §8.2.2 step 1: a signature of any other length is invalid. OpenSSL accepts an RSA signature
 * shortened by its leading zero bytes, so each port checks the length itself: one spelling per
 * signature (RFC 8725 §2.6).
 */
export function signatureLength(alg: JwsAlgorithm, rsaBits: number | undefined): number {
  if (alg === "EdDSA") return 64;
  if (alg.startsWith("ES")) return { ES256: 64, ES384: 96, ES512: 132 }[alg as "ES256" | "ES384" | "ES512"];
  return Math.ceil((rsaBits ?? 0) / 8);
}

/** Refuses, with one TypeError for both ports, a key whose type does not fit `alg` ({@link keyFits}). */
export function requireKeyFits(jwk: PublicJwk, alg: JwsAlgorithm): void {
  if (!keyFits(jwk, alg)) throw new TypeError(`key does not fit ${alg}`);
}

/** Refuses an RSA key whose modulus, `bits` as the port read it, is unknown or below {@link MIN_RSA_BITS}. */
export function requireRsaBits(jwk: PublicJwk, bits: number | undefined): void {
  if (jwk.kty === "RSA" && !(bits !== undefined && bits >= MIN_RSA_BITS)) {
    throw new TypeError(`RSA key of ${bits} bits is below ${MIN_RSA_BITS}`);
  }
}

/** The key type (`kty`, and `crv` where it matters) an algorithm needs. */
export function keyFits(jwk: PublicJwk, alg: JwsAlgorithm): boolean {
  switch (alg[0]) {
    case "R":
    case "P":
      return jwk.kty === "RSA" && typeof jwk.n === "string" && typeof jwk.e === "string";
    case "E":
      if (alg === "EdDSA") return jwk.kty === "OKP" && jwk.crv === "Ed25519" && typeof jwk.x === "string";
      return (
        jwk.kty === "EC" &&
        jwk.crv === EC_CURVES[alg] &&
        typeof jwk.x === "string" &&
        typeof jwk.y === "string"
      );
    default:
      return false;
  }
}
