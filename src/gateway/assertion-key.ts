import { join, objectOf, OptionsError, shown } from "../util/validate.js";

/**
 * The private key that signs the gateway's assertions: an EC P-256 JWK with its private part
 * `d`. Other JWK members (`kid`, `use`, `key_ops`) are accepted and ignored; the key id the
 * gateway publishes is the RFC 7638 thumbprint.
 *
 * @example RFC 7515's published example key (so never one to use)
 * ```json
 * { "kty": "EC", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0", "d": "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI" }
 * ```
 */
export interface AssertionKeyJwk {
  kty: "EC";
  crv: "P-256";
  /** Public point, base64url (32 bytes). */
  x: string;
  y: string;
  /** Private scalar, base64url (32 bytes). */
  d: string;
}

const MEMBERS = ["kty", "crv", "x", "y", "d", "kid", "alg", "use", "key_ops", "ext"];
const COORDINATE = /^[A-Za-z0-9_-]{43}$/;

/** Validates the `assertionKey` field, naming the bad member (`assertionKey.d: ...`). */
export function resolveAssertionKey(value: unknown, path = "assertionKey"): AssertionKeyJwk | undefined {
  if (value === undefined) return undefined;
  const jwk = objectOf(value, path, MEMBERS);
  const exactly = (key: string, expected: string) => {
    if (jwk[key] !== expected)
      throw new OptionsError(
        join(path, key),
        `must be ${JSON.stringify(expected)} (a private EC P-256 JWK), got ${shown(jwk[key])}`,
      );
  };
  exactly("kty", "EC");
  exactly("crv", "P-256");
  if (jwk.alg !== undefined) exactly("alg", "ES256");
  for (const key of ["x", "y", "d"]) {
    if (typeof jwk[key] !== "string" || !COORDINATE.test(jwk[key])) {
      const what = key === "d" ? "the private key" : "a coordinate";
      throw new OptionsError(
        join(path, key),
        `must be ${what}: 32 bytes in base64url, got ${jwk[key] === undefined ? "nothing" : "something else"}`,
      );
    }
  }
  return { kty: "EC", crv: "P-256", x: jwk.x as string, y: jwk.y as string, d: jwk.d as string };
}
