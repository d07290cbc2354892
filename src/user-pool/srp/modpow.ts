/**
 * The modular-exponentiation port: the one SRP step that needs a runtime-specific fast path.
 *
 * SRP costs three 3072-bit exponentiations per sign-in on the server. Portable `bigint` code
 * runs everywhere but is several times slower than OpenSSL, so the implementation is handed in:
 * `src/runtime/modpow.node.ts` (node:crypto) on Node and `src/runtime/modpow.web.ts` (plain
 * `bigint`) on Workers. Both must return the same value for every input.
 */

/**
 * Computes `base^exponent mod modulus`.
 *
 * Contract for every implementation: `modulus > 0`, `exponent >= 0` (a `RangeError` otherwise);
 * `base` may be any integer, including negative or `>= modulus`; the result is in `[0, modulus)`.
 *
 * @example
 * ```ts
 * import { modPow } from "../../runtime/modpow.web.js";
 * const f: ModPow = modPow;
 * f(4n, 13n, 497n); // 445n
 * ```
 */
export type ModPow = (base: bigint, exponent: bigint, modulus: bigint) => bigint;
