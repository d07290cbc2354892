import { LRUCache } from "lru-cache";
import type { Principal } from "../principal.js";

interface Entry {
  principal: Principal;
  validUntil: number;
}

/**
 * Tokens already verified, keyed by the SHA-256 of the token (never the token itself), bounded in
 * size. An entry lives no longer than its token's `exp` (plus leeway) nor the trust in the key set
 * that verified it, checked on every read against the authorizer's clock.
 */
export class VerifiedTokenCache {
  readonly #lru: LRUCache<string, Entry>;

  constructor(max: number) {
    this.#lru = new LRUCache({ max });
  }

  get(digest: string, now: number): Principal | undefined {
    const entry = this.#lru.get(digest);
    if (entry === undefined) return undefined;
    if (now < entry.validUntil) return entry.principal;
    this.#lru.delete(digest);
    return undefined;
  }

  set(digest: string, principal: Principal, validUntil: number): void {
    this.#lru.set(digest, { principal, validUntil });
  }

  get size(): number {
    return this.#lru.size;
  }
}
