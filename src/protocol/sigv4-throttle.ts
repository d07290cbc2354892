/**
 * Failed SigV4 signatures, throttled per access key id and client network: whoever guesses at a
 * secret (or floods the verifier with bodies to hash) gets a few tries a minute, then AWS's
 * throttling answer, while the key's holder, calling from elsewhere, is not held up.
 */
import { parseAddress } from "../policy/conditions/ip.js";

/** How many signature failures a key may have from one client network at once. */
export const FAILURE_BURST = 20;
/** One failure is forgiven per this many milliseconds: 20 a minute once the burst is spent. */
export const FAILURE_REFILL_MS = 3_000;
/** The most (key id, network) pairs remembered; the least recently seen is forgotten first. */
export const MAX_TRACKED = 4_096;

export interface SignatureThrottleOptions {
  burst?: number;
  refillMs?: number;
  maxTracked?: number;
  /** The clock, epoch ms. Default `Date.now`. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** The bucket of a key that exists: kept over those of unknown keys when memory is short. */
  known: boolean;
}

/**
 * A token bucket per (access key id, client network). Each verification takes a token before it
 * starts and a good signature gives it back, so only failures use the budget, and requests sent
 * all at once cannot get more verifications past the limit than there are tokens left.
 *
 * Memory is bounded: at most `maxTracked` buckets. When one must go, it is the least recently
 * used bucket of a key that does not exist, and only when there is none, the least recently used
 * of all: flooding with made-up key ids cannot push a real key's spent bucket out (a dropped bucket
 * starts full again). Made-up key ids share one bucket per network (see {@link throttleKey}).
 * In workerd the buckets are per isolate.
 *
 * @example
 * ```ts
 * const throttle = new SignatureThrottle();
 * const key = throttleKey("AKIA...", "203.0.113.9");
 * if (!throttle.take(key)) return failure("ThrottlingException", MESSAGES.rateExceeded);
 * const result = await verify();
 * throttle.settle(key, result.ok);
 * ```
 */
export class SignatureThrottle {
  readonly #burst: number;
  readonly #refillMs: number;
  readonly #maxTracked: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: SignatureThrottleOptions = {}) {
    this.#burst = options.burst ?? FAILURE_BURST;
    this.#refillMs = options.refillMs ?? FAILURE_REFILL_MS;
    this.#maxTracked = options.maxTracked ?? MAX_TRACKED;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Takes a token for one verification; false when none is left (answer ThrottlingException).
   * `known`: the key id exists (its bucket outlives those of made-up ones).
   */
  take(key: string, known = true): boolean {
    const bucket = this.#bucket(key, known);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Ends a verification `take` allowed: a good signature (or no verdict) gives its token back. */
  settle(key: string, signatureFailed: boolean): void {
    if (signatureFailed) return;
    const bucket = this.#bucket(key, true);
    bucket.tokens = Math.min(this.#burst, bucket.tokens + 1);
    // A full bucket is what an unknown key starts with: nothing to remember.
    if (bucket.tokens >= this.#burst) this.#buckets.delete(key);
  }

  /** How many buckets are remembered (for tests of the bound). */
  get size(): number {
    return this.#buckets.size;
  }

  #bucket(key: string, known: boolean): Bucket {
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: this.#burst, at: now, known };
    } else {
      this.#buckets.delete(key); // re-inserted below: the Map's order is the recency order
      const refilled = Math.floor((now - bucket.at) / this.#refillMs);
      if (refilled > 0) {
        bucket.tokens = Math.min(this.#burst, bucket.tokens + refilled);
        bucket.at = bucket.tokens >= this.#burst ? now : bucket.at + refilled * this.#refillMs;
      }
    }
    this.#buckets.set(key, bucket);
    while (this.#buckets.size > this.#maxTracked) this.#evict();
    return bucket;
  }

  // The least recently used bucket of a made-up key, else the least recently used of all.
  #evict(): void {
    for (const [key, bucket] of this.#buckets) {
      if (!bucket.known) {
        this.#buckets.delete(key);
        return;
      }
    }
    this.#buckets.delete(this.#buckets.keys().next().value!);
  }
}

/**
 * The bucket key: the access key id and the client's network, its IPv4 address or its IPv6 /64
 * (one subscriber's allocation), an IPv4-mapped IPv6 address read as IPv4. An unknown or
 * unreadable address shares one bucket per key; `undefined` for a key id that does not exist.
 *
 * @example
 * ```ts
 * throttleKey("AKIAEXAMPLE", "2001:db8:1:2::7") === throttleKey("AKIAEXAMPLE", "2001:db8:1:2:ffff::1"); // true
 * ```
 */
export function throttleKey(accessKeyId: string | undefined, address: string | undefined): string {
  const parsed = address === undefined ? undefined : parseAddress(address.replace(/%.*$/, ""));
  let network = "?";
  if (parsed !== undefined && !parsed.v6) network = `v4:${parsed.bits}`;
  else if (parsed !== undefined && parsed.bits >> 32n === 0xffffn)
    network = `v4:${Number(parsed.bits & 0xffffffffn)}`;
  else if (parsed !== undefined) network = `v6:${(parsed.bits >> 64n).toString(16)}`;
  // Key ids that do not exist share one bucket per network: each made-up id is not a bucket of its own.
  return `${accessKeyId ?? "\u0000unknown"}\n${network}`;
}
