/**
 * What differs between the OAuth 2.0 / OpenID Connect identity providers on the way out
 * (federation.md §2): how `authorize_scopes` separates scopes, whether the provider gets a
 * `nonce` and a PKCE challenge, whether it answers with a form POST, and whether it sends an ID
 * token cognate must verify.
 */

/** One provider type's protocol facts. */
export interface ProviderKind {
  /** How the provider's `authorize_scopes` (and its `scope` parameter) separate scopes. */
  separator: " " | ",";
  /** Sends a `nonce`, which the ID token must carry back. */
  nonce: boolean;
  /** Sends an S256 `code_challenge` and the verifier with the code. */
  pkce: boolean;
  /** Apple: `response_mode=form_post` (Apple refuses the name and email scopes otherwise). */
  formPost: boolean;
  /** Whether the token response carries an ID token, which must be verified. */
  idToken: boolean;
  /** The attribute holding the user's subject at the provider. */
  subject: "sub" | "id" | "user_id";
}

/** The OAuth-based provider types (SAML is helper "saml-sp"'s). */
export const KINDS: Readonly<Record<string, ProviderKind>> = {
  OIDC: { separator: " ", nonce: true, pkce: true, formPost: false, idToken: true, subject: "sub" },
  Google: { separator: " ", nonce: true, pkce: true, formPost: false, idToken: true, subject: "sub" },
  // [?] Classic Facebook Login issues no ID token and Cognito sends neither nonce nor PKCE there.
  Facebook: { separator: ",", nonce: false, pkce: false, formPost: false, idToken: false, subject: "id" },
  // [?] Login with Amazon: no ID token; PKCE only documented for its device flows.
  LoginWithAmazon: {
    separator: " ",
    nonce: false,
    pkce: false,
    formPost: false,
    idToken: false,
    subject: "user_id",
  },
  // Apple documents `nonce`, not PKCE.
  SignInWithApple: {
    separator: " ",
    nonce: true,
    pkce: false,
    formPost: true,
    idToken: true,
    subject: "sub",
  },
};

/** The scopes of `authorize_scopes`, as a list. */
export function scopesOf(kind: ProviderKind, authorizeScopes: string | undefined): string[] {
  return (authorizeScopes ?? "")
    .split(kind.separator)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
