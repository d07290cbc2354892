/**
 * The server's half of the SRP handshake: validate the client's A, then pick b and send B.
 */
import { modPow } from "#crypto";
import { g, k, N, SERVER_SECRET_BYTES } from "./constants.js";
import { bigintFromHex, bytesToHex } from "./encoding.js";
import { webRandomBytes, type RandomBytes } from "./random.js";

/** The server's secret `b` and public `B` for one PASSWORD_VERIFIER (or DEVICE_PASSWORD_VERIFIER) challenge. */
export interface ServerSession {
  b: bigint;
  B: bigint;
}

/** N is 768 hex digits; anything much longer is not an SRP_A, and parsing it would only burn CPU. */
const MAX_A_HEX_DIGITS = 800;
/** A broken random source would otherwise loop forever. */
const MAX_ATTEMPTS = 8;

/**
 * Parses SRP_A as sent in InitiateAuth (unpadded hex); null when it is not hex, is absurdly
 * long, or `A mod N == 0`, which would let a client force the shared secret to 0.
 */
export function parseSrpA(hex: string): bigint | null {
  if (hex.length > MAX_A_HEX_DIGITS) return null;
  const A = bigintFromHex(hex);
  return A === null || A % N === 0n ? null : A;
}

/**
 * Picks a fresh 256-bit `b` and computes `B = (k·v + g^b) mod N`, retrying in the (2^-3000)
 * event that B mod N is 0. Send `B.toString(16)` as SRP_B; keep `b` server-side (or sealed
 * inside SECRET_BLOCK) until the client answers.
 *
 * @param verifier the stored `v`, in `(0, N)`.
 */
export function startServerSession(verifier: bigint, random: RandomBytes = webRandomBytes): ServerSession {
  if (verifier <= 0n || verifier >= N) throw new RangeError("verifier must be in (0, N)");
  const kv = (k * verifier) % N;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const b = BigInt(`0x${bytesToHex(random(SERVER_SECRET_BYTES))}`);
    if (b === 0n) continue;
    const B = (kv + modPow(g, b, N)) % N;
    if (B !== 0n) return { b, B };
  }
  throw new Error("random source returned degenerate values");
}
