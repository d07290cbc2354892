import { bearerFailure, missingCredentials } from "./challenge.js";

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token.
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const SCHEME = /^([A-Za-z][A-Za-z0-9!#$%&'*+\-.^_`|~]*)(?: |$)/;

/**
 * The bearer token of an `Authorization` header. No header, an empty one, or another scheme
 * (Basic, AWS4) is "no bearer credentials": 401 with a bare challenge. A `Bearer` header that is not one
 * token (empty, two tokens, two headers joined by a comma) is `invalid_request`, 400.
 */
export function bearerToken(authorization: string | null, realm: string): string {
  if (authorization === null || authorization.trim() === "") throw missingCredentials(realm);
  const match = BEARER.exec(authorization);
  if (match !== null) return match[1]!;
  const scheme = SCHEME.exec(authorization)?.[1];
  if (scheme !== undefined && scheme.toLowerCase() !== "bearer") throw missingCredentials(realm);
  throw bearerFailure(realm, "invalid_request", "Authorization header is not Bearer followed by one token");
}
