import type { JwsAlgorithm, PublicJwk, SignatureCrypto, VerifyKey } from "../../runtime/crypto.js";
import { CachedDocument, type DocumentOptions } from "./cached-document.js";
import { JwksUnavailableError, JwtError } from "./errors.js";

export interface JwksOptions extends DocumentOptions {
  crypto: SignatureCrypto;
  /** After a fetch, a token with an unknown `kid` waits this long before it may cause another. */
  cooldownMs: number;
}

interface KeySlot {
  jwk: PublicJwk;
  material: string;
  imported: Map<JwsAlgorithm, Promise<VerifyKey>>;
  /** Imports that have completed: what `peek` serves without a promise. */
  ready: Map<JwsAlgorithm, VerifyKey>;
}

/** A key found for a token, and until when the key set it came from may be trusted. */
export interface ResolvedKey {
  key: VerifyKey;
  trustedUntil: number;
}

/**
 * One remote JWKS. Keys are chosen by `kid` and imported once per (kid, alg); the set is refetched
 * when its freshness runs out (so a key removed upstream stops verifying after the TTL) and,
 * after a cooldown, when a token names a `kid` the set does not have.
 */
export class RemoteJwks {
  readonly #document: CachedDocument<Map<string, KeySlot>>;

  constructor(
    url: string | (() => Promise<string>),
    private readonly options: JwksOptions,
  ) {
    this.#document = new CachedDocument(typeof url === "string" ? () => url : url, parseJwks, options);
  }

  /** The key for (kid, alg) if the set is fresh and the key already imported; else use `key()`. */
  peek(kid: string, alg: JwsAlgorithm): ResolvedKey | undefined {
    const key = this.#document.fresh?.get(kid)?.ready.get(alg);
    return key === undefined ? undefined : { key, trustedUntil: this.#document.usableUntil };
  }

  async key(kid: string, alg: JwsAlgorithm): Promise<ResolvedKey> {
    let slots = await this.#document.current();
    let slot = slots.get(kid);
    if (slot === undefined && this.options.now() - this.#document.fetchedAt >= this.options.cooldownMs) {
      slots = await this.#document.refresh();
      slot = slots.get(kid);
    }
    if (slot === undefined) throw new JwtError("ERR_JWKS_NO_MATCHING_KEY", `no key with kid "${kid}" in the issuer's JWKS`);
    return { key: await this.#import(slot, kid, alg), trustedUntil: this.#document.usableUntil };
  }

  #import(slot: KeySlot, kid: string, alg: JwsAlgorithm): Promise<VerifyKey> {
    const { jwk } = slot;
    // RFC 8725 §3.1: a key serves only the algorithm it declares, and only for signatures.
    if ((jwk.alg !== undefined && jwk.alg !== alg) || (jwk.key_ops !== undefined && !jwk.key_ops.includes("verify"))) {
      return Promise.reject(new JwtError("ERR_JWKS_NO_MATCHING_KEY", `key "${kid}" is not for ${alg}`));
    }
    let imported = slot.imported.get(alg);
    if (imported === undefined) {
      imported = this.options.crypto.importKey(jwk, alg).then(
        (key) => {
          slot.ready.set(alg, key);
          return key;
        },
        (cause: unknown) => {
          throw new JwtError("ERR_JWKS_NO_MATCHING_KEY", `key "${kid}" cannot verify ${alg}`, { cause });
        },
      );
      slot.imported.set(alg, imported);
    }
    return imported;
  }
}

/** Parses a JWKS, keeping signature keys that have a `kid`, and imported keys whose material is unchanged. */
export function parseJwks(json: unknown, url: string, previous?: Map<string, KeySlot>): Map<string, KeySlot> {
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new JwksUnavailableError(url, `${url} is not a JWKS (no "keys" array)`);
  const slots = new Map<string, KeySlot>();
  for (const key of keys) {
    if (typeof key !== "object" || key === null) continue;
    const jwk = key as PublicJwk;
    if (typeof jwk.kid !== "string" || typeof jwk.kty !== "string" || slots.has(jwk.kid)) continue;
    if (jwk.use !== undefined && jwk.use !== "sig") continue;
    if (jwk.key_ops !== undefined && !Array.isArray(jwk.key_ops)) continue;
    const material = JSON.stringify([jwk.kty, jwk.crv, jwk.n, jwk.e, jwk.x, jwk.y, jwk.alg]);
    const old = previous?.get(jwk.kid);
    slots.set(jwk.kid, old?.material === material ? old : { jwk, material, imported: new Map(), ready: new Map() });
  }
  return slots;
}
