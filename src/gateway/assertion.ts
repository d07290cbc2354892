import { calculateJwkThumbprint, importJWK, jwtVerify, SignJWT, type JWK } from "jose";
import type { Principal } from "../authorizer/principal.js";
import type { AssertionKeyJwk } from "./assertion-key.js";

/** Where the gateway publishes the assertion key, as a JWKS. */
export const ASSERTION_JWKS_PATH = "/.well-known/cognate/assertion-jwks.json";
/** The request header that carries the assertion. */
export const ASSERTION_HEADER = "x-cognate-assertion";
/** Lifetime of an assertion, in seconds: one request's worth. */
export const ASSERTION_TTL_SECONDS = 60;

interface KeyMaterial {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * Signs the gateway's assertions: short-lived ES256 JWTs that tell an upstream who the verified
 * caller is, which it can check against {@link ASSERTION_JWKS_PATH} rather than trusting headers.
 * The key is imported on first use and kept; no request pays for it again.
 *
 * Claims: `iss` (the gateway's public URL, or `"cognate"`), `aud` (the upstream's origin), `sub`,
 * `username` (when known), `groups`, `scope` (space-separated), `iat`, `exp` (`iat` + 60), `jti`.
 * The header's `kid` is the key's RFC 7638 thumbprint.
 *
 * @example
 * ```ts
 * const signer = new AssertionSigner(jwk, "https://gw.example");
 * headers.set(ASSERTION_HEADER, await signer.sign(c.var.principal, "http://127.0.0.1:8080"));
 * // upstream: jwtVerify(token, createRemoteJWKSet(new URL("https://gw.example/.well-known/cognate/assertion-jwks.json")), { issuer: "https://gw.example", audience: "http://127.0.0.1:8080" })
 * ```
 */
export class AssertionSigner {
  #material: Promise<KeyMaterial> | undefined;

  constructor(
    private readonly jwk: AssertionKeyJwk,
    readonly issuer: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The public key, as served at {@link ASSERTION_JWKS_PATH}. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: [(await this.#load()).publicJwk] };
  }

  /** An assertion about `principal` for the upstream at `audience`. */
  async sign(principal: Principal, audience: string): Promise<string> {
    const { privateKey, publicJwk } = await this.#load();
    const iat = Math.floor(this.now() / 1000);
    const claims: Record<string, unknown> = {
      groups: [...principal.groups],
      scope: principal.scopes.join(" "),
    };
    if (principal.username !== undefined) claims.username = principal.username;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: publicJwk.kid! })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setSubject(principal.sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ASSERTION_TTL_SECONDS)
      .setJti(crypto.randomUUID())
      .sign(privateKey);
  }

  /**
   * Proves the key usable before any request needs it: it imports, and what it signs verifies
   * under its own public half (a `d` from another key would sign assertions nobody can check).
   * Resolves to the problem, or `undefined`.
   */
  async check(): Promise<string | undefined> {
    try {
      const token = await this.sign(
        {
          sub: "check",
          username: undefined,
          groups: [],
          scopes: [],
          tokenUse: undefined,
          issuer: "",
          clientId: undefined,
          claims: {},
        },
        "check",
      );
      const { x, y, crv, kty } = this.jwk;
      await jwtVerify(token, await importJWK({ kty, crv, x, y }, "ES256"), {
        issuer: this.issuer,
        audience: "check",
      });
      return undefined;
    } catch (error) {
      // Forget the failed import, so a corrected key is not shadowed by this one.
      this.#material = undefined;
      return `is not a usable EC P-256 private key (${(error as Error).message})`;
    }
  }

  #load(): Promise<KeyMaterial> {
    this.#material ??= (async () => {
      const { kty, crv, x, y, d } = this.jwk;
      const privateKey = (await importJWK({ kty, crv, x, y, d }, "ES256")) as CryptoKey;
      const kid = await calculateJwkThumbprint({ kty, crv, x, y }, "sha256");
      return { privateKey, publicJwk: { kty, crv, x, y, kid, alg: "ES256", use: "sig" } };
    })();
    return this.#material;
  }
}
