import {
  keyFits,
  type JwsAlgorithm,
  type PublicJwk,
  type SignatureCrypto,
  type VerifyKey,
} from "../../runtime/crypto.js";
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

/** The keys of a set by `kid`: several when keys of different types share one (RFC 7517 §4.5). */
type KeySlots = Map<string, KeySlot[]>;

/** A key found for a token, and until when the key set it came from may be trusted. */
export interface ResolvedKey {
  key: VerifyKey;
  trustedUntil: number;
}

/**
 * One remote JWKS. Keys are chosen by `kid` (and, where a `kid` is shared, by the key type the
 * algorithm needs) and imported once per (kid, alg); the set is refetched when its freshness runs
 * out (so a key removed upstream stops verifying after the TTL) and, after a cooldown, when a
 * token names a `kid` the set does not have.
 */
export class RemoteJwks {
  readonly #document: CachedDocument<KeySlots>;

  constructor(
    url: string | (() => Promise<string>),
    private readonly options: JwksOptions,
  ) {
    this.#document = new CachedDocument(typeof url === "string" ? () => url : url, parseJwks, options);
  }

  /** The key for (kid, alg) if the set is fresh and the key already imported; else use `key()`. */
  peek(kid: string, alg: JwsAlgorithm): ResolvedKey | undefined {
    const slots = this.#document.fresh?.get(kid);
    if (slots === undefined) return undefined;
    for (const slot of slots) {
      const key = slot.ready.get(alg);
      if (key !== undefined) return { key, trustedUntil: this.#document.usableUntil };
    }
    return undefined;
  }

  async key(kid: string, alg: JwsAlgorithm): Promise<ResolvedKey> {
    let slots = (await this.#document.current()).get(kid);
    if (slots === undefined && this.options.now() - this.#document.fetchedAt >= this.options.cooldownMs) {
      slots = (await this.#document.refresh()).get(kid);
    }
    if (slots === undefined)
      throw new JwtError("ERR_JWKS_NO_MATCHING_KEY", `no key with kid "${kid}" in the issuer's JWKS`);
    // RFC 8725 §3.1: a key serves only its own type, the algorithm it declares, and signatures.
    const slot = slots.find(
      ({ jwk }) =>
        keyFits(jwk, alg) &&
        (jwk.alg === undefined || jwk.alg === alg) &&
        (jwk.key_ops === undefined || jwk.key_ops.includes("verify")),
    );
    if (slot === undefined) throw new JwtError("ERR_JWKS_NO_MATCHING_KEY", `key "${kid}" is not for ${alg}`);
    return { key: await this.#import(slot, kid, alg), trustedUntil: this.#document.usableUntil };
  }

  #import(slot: KeySlot, kid: string, alg: JwsAlgorithm): Promise<VerifyKey> {
    let imported = slot.imported.get(alg);
    if (imported === undefined) {
      imported = this.options.crypto.importKey(slot.jwk, alg).then(
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
export function parseJwks(json: unknown, url: string, previous?: KeySlots): KeySlots {
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new JwksUnavailableError(url, `${url} is not a JWKS (no "keys" array)`);
  const slots: KeySlots = new Map();
  for (const key of keys) {
    if (typeof key !== "object" || key === null) continue;
    const jwk = key as PublicJwk;
    if (typeof jwk.kid !== "string" || typeof jwk.kty !== "string") continue;
    if (jwk.use !== undefined && jwk.use !== "sig") continue;
    if (jwk.key_ops !== undefined && !Array.isArray(jwk.key_ops)) continue;
    const material = JSON.stringify([jwk.kty, jwk.crv, jwk.n, jwk.e, jwk.x, jwk.y, jwk.alg, jwk.key_ops]);
    const list = slots.get(jwk.kid) ?? [];
    if (list.some((slot) => slot.material === material)) continue;
    const old = previous?.get(jwk.kid)?.find((slot) => slot.material === material);
    list.push(old ?? { jwk, material, imported: new Map(), ready: new Map() });
    slots.set(jwk.kid, list);
  }
  return slots;
}
