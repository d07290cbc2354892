import { checkModPowOperands, type ModPow } from "./crypto.js";

/**
 * Window width for a sliding-window exponentiation, by exponent size (OpenSSL's
 * `BN_window_bits_for_exponent_size`): wider windows save multiplications but cost a larger table.
 */
function windowBits(exponentBits: number): number {
  if (exponentBits > 671) return 6;
  if (exponentBits > 239) return 5;
  if (exponentBits > 79) return 4;
  if (exponentBits > 23) return 3;
  return 1;
}

/**
 * `base^exponent mod modulus` in portable `bigint` arithmetic: left-to-right sliding-window
 * exponentiation with odd powers precomputed. Web APIs only, so it runs in workerd, browsers,
 * Deno and Bun.
 *
 * Montgomery and Barrett reduction were measured too: in V8 one `bigint` division is cheaper
 * than the two or three extra multiplications they need, so plain `%` is kept.
 *
 * Not constant-time (no `bigint` engine is). SRP only exponentiates with the ephemeral `b`
 * and the public `u`, so a timing leak bounds what one session reveals; on Node, the node:crypto
 * port runs OpenSSL's constant-time path instead.
 *
 * @example
 * ```ts
 * import { modPow } from "./modpow.web.js";
 * modPow(4n, 13n, 497n); // 445n
 * modPow(2n, 10n, 1000n); // 24n
 * ```
 */
export const modPow: ModPow = function modPowPortable(base, exponent, modulus) {
  checkModPowOperands(exponent, modulus);
  if (modulus === 1n) return 0n;
  let b = base % modulus;
  if (b < 0n) b += modulus;
  if (exponent === 0n) return 1n;
  if (b <= 1n) return b;

  const bits = exponent.toString(2);
  const width = windowBits(bits.length);
  // odd[i] = b^(2i+1) mod modulus
  const odd: bigint[] = [b];
  if (width > 1) {
    const square = (b * b) % modulus;
    for (let i = 1; i < 1 << (width - 1); i++) odd.push((odd[i - 1]! * square) % modulus);
  }

  let result = 1n;
  let i = 0;
  while (i < bits.length) {
    if (bits[i] === "0") {
      result = (result * result) % modulus;
      i++;
      continue;
    }
    // The longest window of at most `width` bits starting here that ends in a 1.
    let end = Math.min(i + width, bits.length);
    while (bits[end - 1] === "0") end--;
    for (let j = i; j < end; j++) result = (result * result) % modulus;
    result = (result * odd[(parseInt(bits.slice(i, end), 2) - 1) >> 1]!) % modulus;
    i = end;
  }
  return result;
};
