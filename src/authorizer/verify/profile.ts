import { JWS_ALGORITHMS, type JwsAlgorithm } from "../../runtime/crypto.js";
import type { ProfileFacts } from "../principal.js";
import { join, OptionsError, optionalStrings, shown } from "../../util/validate.js";
import { fetchableUrl } from "./fetch.js";
import type { RemoteJwks } from "./jwks.js";
import type { RevocationList } from "./revocations.js";

/**
 * What one trusted issuer requires of its tokens, beyond the checks every token gets (compact
 * JWS, allowed `alg`, `kid`-chosen key, signature, `exp`/`nbf`/`iat`, exact `iss`, `sub`).
 */
export interface IssuerProfile {
  /** The exact `iss` this profile accepts. */
  readonly issuer: string;
  readonly algorithms: readonly JwsAlgorithm[];
  readonly keys: RemoteJwks;
  /** The pool's revocation list, for a cognate pool that asked for it. */
  readonly revocations?: RevocationList;
  /** Header checks for this kind of token (`typ`, RFC 8725 §3.11). */
  checkHeader(header: Record<string, unknown>): void;
  /** Claim checks for this kind of token; returns what the principal needs from them. */
  checkClaims(payload: Record<string, unknown>, header: Record<string, unknown>): ProfileFacts;
}

/** Where an issuer's keys come from: a JWKS URL, or OIDC discovery for an issuer. */
export type KeySource = { jwksUri: string } | { discover: string };

/** The JWKS cache shared by every issuer of one authorizer, so one URL has one cache. */
export type KeysFor = (source: KeySource) => RemoteJwks;

/** A revocation list for a feed URL, with its refresh and staleness bounds in milliseconds. */
export type RevocationsFor = (
  uri: string,
  refreshMs: number,
  maxStaleMs: number,
  secret?: string,
) => RevocationList;

export function algorithmsOption(
  obj: Record<string, unknown>,
  path: string,
  fallback: JwsAlgorithm[],
): JwsAlgorithm[] {
  const allowed = JWS_ALGORITHMS as readonly string[];
  // HMAC and `none` are never allowed: a public key must not become a shared secret (RFC 8725 §2.1).
  const list = optionalStrings(obj, "algorithms", path, (alg) =>
    allowed.includes(alg) ? null : `must be one of ${allowed.join(", ")} (asymmetric only)`,
  );
  return (list as JwsAlgorithm[] | undefined) ?? fallback;
}

export function urlOption(value: unknown, path: string): string {
  if (typeof value !== "string" || fetchableUrl(value) === null) {
    throw new OptionsError(path, `must be an https URL (http only on loopback), got ${shown(value)}`);
  }
  return value;
}

/** `clientId` / `audience`: required, a string, a non-empty array of strings, or explicitly null. */
export function allowListOption(obj: Record<string, unknown>, key: string, path: string): string[] | null {
  if (obj[key] === null) return null;
  if (obj[key] === undefined)
    throw new OptionsError(
      join(path, key),
      "is required (a string, an array of strings, or null to accept any)",
    );
  return optionalStrings(obj, key, path)!;
}
