/**
 * The `amr` claim of the identity service's OpenID tokens, as Cognito writes it
 * (identity-sync-iam.md §1.7): "When Amazon Cognito creates a token, it will set the amr of the
 * token to be either "unauthenticated" or "authenticated" and in the authenticated case will
 * include any providers used during authentication" (Role trust and permissions). Each provider
 * adds its name and one entry naming the user. STS turns the list into the
 * `cognito-identity.amazonaws.com:amr` condition key; API Gateway's
 * `cognitoAuthenticationProvider` is the provider entries joined by commas.
 */
import type { VerifiedLogin } from "./types.js";

/** An unauthenticated identity's `amr`. */
export const UNAUTHENTICATED_AMR: readonly string[] = Object.freeze(["unauthenticated"]);

/** A developer-authenticated user (GetOpenIdTokenForDeveloperIdentity's Logins entry). */
export interface DeveloperLogin {
  kind: "developer";
  /** The pool's DeveloperProviderName. */
  provider: string;
  identityPoolId: string;
  /** The developer's own identifier of the user. */
  userIdentifier: string;
}

/** A user pool's entries: `cognito-idp.R.amazonaws.com/POOL` and `…/POOL:CognitoSignIn:<sub>`. */
export function userPoolAmr(provider: string, sub: string): string[] {
  return [provider, `${provider}:CognitoSignIn:${sub}`];
}

/** An OIDC or social provider's entries: its name and `<provider>:<client id>:<sub>` [?]. */
export function oidcAmr(provider: string, clientId: string, sub: string): string[] {
  return [provider, `${provider}:${clientId}:${sub}`];
}

/** A developer provider's entries: its name and `<devProvider>:<identityPoolId>:<userIdentifier>`. */
export function developerAmr(provider: string, identityPoolId: string, userIdentifier: string): string[] {
  return [provider, `${provider}:${identityPoolId}:${userIdentifier}`];
}

/**
 * The `amr` of a token for these logins: `["unauthenticated"]` for none, else `"authenticated"`
 * and each provider's entries in order. A `cognito-identity.amazonaws.com` login (the developer
 * flow's token sent back) passes on the entries its own `amr` holds.
 *
 * @example
 * ```ts
 * amrFor([]); // ["unauthenticated"]
 * amrFor(await verifyLogins(deps, pool, { "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC": idToken }, options));
 * // ["authenticated", "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC",
 * //  "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC:CognitoSignIn:<sub>"]
 * ```
 */
export function amrFor(logins: readonly (VerifiedLogin | DeveloperLogin)[]): string[] {
  const entries: string[] = [];
  let authenticated = false;
  for (const login of logins) {
    const own = entriesOf(login);
    if (own === undefined) continue;
    authenticated = true;
    for (const entry of own) if (!entries.includes(entry)) entries.push(entry);
  }
  return authenticated ? ["authenticated", ...entries] : [...UNAUTHENTICATED_AMR];
}

/** A login's own entries; `undefined` for a passed-on token that was unauthenticated. */
function entriesOf(login: VerifiedLogin | DeveloperLogin): string[] | undefined {
  switch (login.kind) {
    case "developer":
      return developerAmr(login.provider, login.identityPoolId, login.userIdentifier);
    case "user-pool":
      return userPoolAmr(login.provider, login.subject);
    case "oidc":
      return oidcAmr(login.provider, login.clientId ?? "", login.subject);
    case "cognito-identity": {
      const amr = Array.isArray(login.claims.amr) ? (login.claims.amr as unknown[]) : [];
      if (!amr.includes("authenticated")) return undefined;
      return amr.filter(
        (e): e is string => typeof e === "string" && e !== "authenticated" && e !== "unauthenticated",
      );
    }
  }
}
