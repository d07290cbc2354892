import type { SignatureCrypto } from "../../runtime/crypto.js";
import { buildPrincipal, deepFreeze, type Principal } from "../principal.js";
import { checkSubject, checkTimes } from "./claims.js";
import { JwtError } from "./errors.js";
import { decodeJws, HeaderCache } from "./jws.js";
import type { IssuerProfile } from "./profile.js";
import { VerifiedTokenCache } from "./token-cache.js";

export interface VerifierSettings {
  profiles: readonly IssuerProfile[];
  crypto: SignatureCrypto;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Seconds of clock skew allowed on `exp`, `nbf` and `iat`. */
  leeway: number;
  maxTokenLength: number;
  /** Verified tokens to remember; 0 turns the cache off. */
  cacheMax: number;
}

/**
 * Verifies JWTs from a fixed set of trusted issuers. The order of checks matters: the issuer is
 * looked up before anything is fetched (an unknown `iss` costs nothing, and no URL in a token is
 * ever fetched), the signature is checked before any claim is believed.
 */
export class TokenVerifier {
  readonly #byIssuer: ReadonlyMap<string, IssuerProfile>;
  readonly #cache: VerifiedTokenCache | undefined;
  readonly #headers = new HeaderCache();

  constructor(private readonly settings: VerifierSettings) {
    this.#byIssuer = new Map(settings.profiles.map((p) => [p.issuer, p]));
    this.#cache = settings.cacheMax > 0 ? new VerifiedTokenCache(settings.cacheMax) : undefined;
  }

  /**
   * The principal of a token verified before and still valid, else undefined. Synchronous where
   * hashing is (Node), so the hot path is a hash and a lookup, with no await.
   */
  cached(token: string): Principal | undefined | Promise<Principal | undefined> {
    const { crypto, maxTokenLength, now } = this.settings;
    const cache = this.#cache;
    if (cache === undefined || token.length > maxTokenLength) return undefined;
    const digest = crypto.sha256(token);
    return typeof digest === "string" ? cache.get(digest, now()) : digest.then((d) => cache.get(d, now()));
  }

  /** Verifies a token (or finds it verified in the cache): its principal, or a `JwtError` saying why not. */
  async verify(token: string): Promise<Principal> {
    const { crypto, maxTokenLength, now } = this.settings;
    if (token.length > maxTokenLength) {
      throw new JwtError("ERR_JWT_TOO_LARGE", `token longer than ${maxTokenLength} characters`);
    }
    if (this.#cache === undefined) return (await this.#verify(token)).principal;
    const hashed = crypto.sha256(token);
    const digest = typeof hashed === "string" ? hashed : await hashed;
    const cached = this.#cache.get(digest, now());
    if (cached !== undefined) return cached;
    const { principal, validUntil } = await this.#verify(token);
    this.#cache.set(digest, deepFreeze(principal), validUntil);
    return principal;
  }

  async #verify(token: string): Promise<{ principal: Principal; validUntil: number }> {
    const { crypto, now, leeway } = this.settings;
    const { header, payload, signingInput, signature } = decodeJws(token, crypto, this.#headers);

    const profile = typeof payload.iss === "string" ? this.#byIssuer.get(payload.iss) : undefined;
    if (profile === undefined) {
      throw new JwtError("ERR_JWT_UNTRUSTED_ISSUER", `token issuer is not trusted: ${carried(payload.iss)}`);
    }
    const alg = header.alg;
    if (typeof alg !== "string" || !(profile.algorithms as readonly string[]).includes(alg)) {
      throw new JwtError(
        "ERR_JWS_ALG_NOT_ALLOWED",
        `"alg" ${typeof alg === "string" ? `"${alg}" ` : ""}is not allowed for this issuer`,
      );
    }
    // No extension is understood, so any `crit` must be refused (RFC 7515 §4.1.11).
    if (header.crit !== undefined)
      throw new JwtError("ERR_JWS_CRIT_UNSUPPORTED", `"crit" header is not supported`);
    profile.checkHeader(header);
    // `jku`, `x5u`, `jwk` and `x5c` are ignored: keys come only from the issuer's configured JWKS.
    const kid = header.kid;
    if (typeof kid !== "string" || kid === "" || kid.length > 256) {
      throw new JwtError("ERR_JWKS_NO_MATCHING_KEY", `token has no usable "kid"`);
    }
    const jwsAlg = alg as (typeof profile.algorithms)[number];
    const { key, trustedUntil } = profile.keys.peek(kid, jwsAlg) ?? (await profile.keys.key(kid, jwsAlg));
    const verified = crypto.verify(key, signature, signingInput);
    if (!(typeof verified === "boolean" ? verified : await verified)) {
      throw new JwtError("ERR_JWS_SIGNATURE_INVALID", "signature verification failed");
    }

    const exp = checkTimes(payload, now() / 1000, leeway);
    checkSubject(payload);
    const facts = profile.checkClaims(payload, header);
    return {
      principal: buildPrincipal(payload, facts),
      validUntil: Math.min((exp + leeway) * 1000, trustedUntil),
    };
  }
}

/**
 * The issuer a refused token carried, for the error: an `iss` is public, and naming it is what
 * tells a developer which `issuers[]` entry is missing or misspelt. Cut short, since it is the
 * sender's text; the challenge quotes it safely (`bearerChallenge`).
 */
function carried(iss: unknown): string {
  if (iss === undefined) return "the token has no iss claim";
  if (typeof iss !== "string") return "the token's iss claim is not a string";
  return iss.length > 100 ? `${iss.slice(0, 100)}...` : iss;
}
