/**
 * The web identity a session speaks for, as IAM names it in policies: the `Federated` principal
 * and the condition keys `<provider>:aud`, `<provider>:sub` and `<provider>:amr` of trust and
 * permission policies ("Available keys for AWS web identity federation", IAM User Guide).
 */
import type { ContextValue } from "../policy/types.js";
import type { SessionClaims } from "./session.js";

/** Cognito Identity's `Federated` principal and condition key prefix. */
export const COGNITO_IDENTITY = "cognito-identity.amazonaws.com";

/**
 * An issuer as IAM names an OIDC provider: the URL without its scheme or trailing slash
 * (`https://login.example.com/tenant/` is `login.example.com/tenant`).
 */
export function providerName(issuer: string): string {
  return issuer.replace(/^https?:\/\//i, "").replace(/\/+$/, "");
}

/**
 * The provider a session's condition keys are named after: `cognito-identity.amazonaws.com` for a
 * Cognito Identity session (one with an `identityPoolId`: GetCredentialsForIdentity, or STS with
 * one of cognate's own OpenID tokens, whose issuer is cognate's URL and not Cognito's), else the
 * issuer of its web identity token as IAM names it ({@link providerName}).
 */
export function sessionProvider(claims: Pick<SessionClaims, "identityPoolId" | "provider">): string {
  return claims.identityPoolId !== undefined ? COGNITO_IDENTITY : providerName(claims.provider);
}

/** What a web identity token says of its holder, for the keys below. */
export interface WebIdentityFacts {
  /** The token's `aud` (for Cognito Identity, the identity pool id). */
  audience: string;
  /** The token's `sub` (for Cognito Identity, the identity id). */
  subject: string;
  /** `amr` as Cognito Identity writes it (`["authenticated", provider, ...]` or `["unauthenticated"]`). */
  amr?: readonly string[];
}

/**
 * `<provider>:aud`, `<provider>:sub` and, when the token has one, the multivalued `<provider>:amr`
 * ("The key is multivalued, meaning that you test it in a policy using condition set operators").
 *
 * @example
 * ```ts
 * webIdentityKeys("cognito-identity.amazonaws.com", { audience: poolId, subject: identityId, amr: ["authenticated"] });
 * // { "cognito-identity.amazonaws.com:aud": poolId, "cognito-identity.amazonaws.com:sub": identityId,
 * //   "cognito-identity.amazonaws.com:amr": ["authenticated"] }
 * ```
 */
export function webIdentityKeys(provider: string, facts: WebIdentityFacts): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {
    [`${provider}:aud`]: facts.audience,
    [`${provider}:sub`]: facts.subject,
  };
  if (facts.amr !== undefined) keys[`${provider}:amr`] = [...facts.amr];
  return keys;
}
