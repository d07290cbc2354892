import { createDiffieHellman, type DiffieHellman } from "node:crypto";
import { checkModPowOperands, type ModPow } from "./crypto.js";
import { modPow as portableModPow } from "./modpow.web.js";

/**
 * OpenSSL's DH refuses or miscomputes outside these sizes: under 512 bits it silently returns a
 * wrong value (`DH_MODULUS_TOO_SMALL`), over 10,000 bits it throws. Keep well inside.
 */
const MIN_BITS = 1024;
const MAX_BITS = 8192;
/** Moduli seen so far; SRP only ever uses N, so this stays tiny. */
const MAX_ENGINES = 8;

/** An engine per modulus, or null when OpenSSL failed its known-answer check for it. */
const engines = new Map<bigint, DiffieHellman | null>();

function toBuffer(value: bigint): Buffer {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
}

function toBigInt(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString("hex")}`);
}

/** `base^exponent mod modulus` through OpenSSL: `computeSecret(base)` with `exponent` as the DH private key. */
function openssl(dh: DiffieHellman, base: bigint, exponent: bigint): bigint {
  dh.setPrivateKey(toBuffer(exponent));
  return toBigInt(dh.computeSecret(toBuffer(base)));
}

function engineFor(modulus: bigint): DiffieHellman | null {
  let dh = engines.get(modulus);
  if (dh !== undefined) return dh;
  dh = createDiffieHellman(toBuffer(modulus), Buffer.from([2]));
  // A known answer before trusting OpenSSL with this modulus: it computes garbage rather than
  // throwing for some parameters, and a wrong SRP value would only show up as failed sign-ins.
  const base = modulus - 3n;
  if (openssl(dh, base, 65537n) !== portableModPow(base, 65537n, modulus)) dh = null;
  if (engines.size >= MAX_ENGINES) engines.clear();
  engines.set(modulus, dh);
  return dh;
}

/**
 * `base^exponent mod modulus` on OpenSSL's bignums through node:crypto's Diffie-Hellman: the
 * exponent becomes the DH private key and `computeSecret(base)` returns `base^exponent mod p`.
 * OpenSSL treats the private key as secret, so this is its constant-time Montgomery ladder.
 *
 * Inputs OpenSSL's DH checks reject (a reduced base outside `[2, modulus-2]`, exponent 0, an
 * even modulus, or one outside 1024..8192 bits) fall back to the portable `bigint` path, so
 * every input gets the same answer as `modpow.web.ts`.
 *
 * @example
 * ```ts
 * import { modPow } from "./modpow.node.js";
 * import { N, g } from "../user-pool/srp/constants.js";
 * const B = modPow(g, 0x1234n, N); // 2^0x1234 mod N, on OpenSSL
 * modPow(4n, 13n, 497n); // 445n, on the portable path (modulus too small for DH)
 * ```
 */
export const modPow: ModPow = function modPowOpenSsl(base, exponent, modulus) {
  checkModPowOperands(exponent, modulus);
  let b = base % modulus;
  if (b < 0n) b += modulus;
  const bits = modulus.toString(2).length;
  if (
    exponent === 0n ||
    b < 2n ||
    b > modulus - 2n ||
    (modulus & 1n) === 0n ||
    bits < MIN_BITS ||
    bits > MAX_BITS
  ) {
    return portableModPow(b, exponent, modulus);
  }
  const dh = engineFor(modulus);
  return dh ? openssl(dh, b, exponent) : portableModPow(b, exponent, modulus);
};
