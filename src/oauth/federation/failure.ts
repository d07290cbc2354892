/**
 * A federated sign-in that failed at the identity provider, as the app is told of it: an OAuth
 * `error` and Cognito's `error_description` words where they are known (federation.md §4.3).
 */
import { JwksUnavailableError, JwtError } from "../../authorizer/verify/errors.js";
import { IdpCallError } from "./idp-call.js";

/** Why the sign-in at the IdP failed, for the app's redirect URI. */
export interface IdpFailure {
  error: "invalid_request" | "access_denied" | "server_error";
  description: string;
}

/** Whether a value is an {@link IdpFailure}. */
export const isFailure = (value: unknown): value is IdpFailure =>
  typeof value === "object" && value !== null && "error" in value && "description" in value;

/** `invalid_request` with `description`. */
export const failure = (description: string): IdpFailure => ({ error: "invalid_request", description });

/**
 * A failed call's words: Cognito's for a timeout of the token endpoint or the JWKS, and
 * `[IdP name] Error - ...` otherwise.
 */
export function callFailure(
  provider: string,
  what: "token" | "jwks" | "attributes",
  error: unknown,
): IdpFailure {
  if (error instanceof IdpCallError) {
    if (error.kind === "timeout")
      return failure(
        what === "token"
          ? "Timeout occurred in calling IdP token endpoint"
          : what === "jwks"
            ? "Timeout in calling jwks uri"
            : `${provider} Error - Timeout occurred in calling IdP userinfo endpoint`, // [?] words
      );
    if (error.kind === "too_large")
      return failure(`${provider} Error - the ${wordsOf(what)} response is too large`); // [?]
    return failure(`${provider} Error - Connection reset getting ${wordsOf(what)}`); // [?] Cognito: "Connection reset"
  }
  if (error instanceof JwksUnavailableError)
    return failure(
      /timed out|gave up/.test(error.message)
        ? "Timeout in calling jwks uri"
        : `${provider} Error - error getting jwks`,
    ); // [?]
  if (error instanceof JwtError) return failure(`${provider} Error - Invalid id_token: ${error.message}`); // [?] words
  throw error;
}

const wordsOf = (what: "token" | "jwks" | "attributes") =>
  what === "token" ? "token" : what === "jwks" ? "jwks" : "user info";
