/**
 * What Logins validation reads (the identity pool, its dependencies) and what it answers (the
 * verified logins).
 */
import type { Repositories } from "../../storage/index.js";
import type { IdentityPublicJwk } from "../identity-key.js";
import type { Principal } from "../../authorizer/principal.js";

/** One login that passed: who the token speaks for, and from which provider. */
export interface VerifiedLogin {
  /** The Logins key as sent. */
  key: string;
  /**
   * The provider, spelt once: `cognito-idp.{region}.amazonaws.com/{poolId}` for a user pool (under
   * either of its names), the key for an OIDC provider, `cognito-identity.amazonaws.com`.
   */
  provider: string;
  /** The token's `sub`: the user's (an IdentityId for `cognito-identity.amazonaws.com`). */
  subject: string;
  /** Every claim of the verified token (role mapping rules and principal tags read them). */
  claims: Readonly<Record<string, unknown>>;
  kind: "user-pool" | "oidc" | "cognito-identity";
  /** The app client the token was issued to: a user pool's `aud`, an OIDC token's `azp` or matched `aud`. */
  clientId?: string;
}

/** A user pool the identity pool accepts tokens of (CognitoIdentityProviders). */
export interface CognitoIdentityProviderEntry {
  ProviderName: string;
  ClientId?: string;
  ServerSideTokenCheck?: boolean;
}

/** The parts of an identity pool (IdentityPoolRecord) that decide which logins it accepts. */
export interface LoginsPool {
  id: string;
  cognitoIdentityProviders: readonly CognitoIdentityProviderEntry[];
  /** `arn:aws:iam::{account}:oidc-provider/{host[/path]}`. */
  openIdConnectProviderArns: readonly string[];
  /** `{ "accounts.google.com": "<app id>", "graph.facebook.com": "<app id>", ... }`. */
  supportedLoginProviders: Readonly<Record<string, string>>;
  samlProviderArns?: readonly string[];
  developerProviderName: string | null;
}

/** An IAM OIDC identity provider as the configuration describes it. */
export interface OidcProviderConfig {
  /** The issuer, exactly as its tokens' `iss` (`https://login.example.com`). */
  url: string;
  /** The audiences (client ids) accepted: `azp`, else `aud`, must be one of them. */
  clientIds: readonly string[];
  /** Where its keys are; default: its discovery document's `jwks_uri`. */
  jwksUri?: string;
}

/** What Logins validation depends on, handed in by the operation. */
export interface LoginsDeps {
  /** The user pools' keys, users, clients and refresh-token families. */
  store(): Promise<Pick<Repositories, "signingKeys" | "users" | "clients" | "refreshTokens">>;
  /** A user pool's issuer, `{publicUrl}/{poolId}` (UserPoolContext.issuer for the request). */
  userPoolIssuer(poolId: string): string;
  /**
   * The configured IAM OIDC providers, by the provider URL their ARN names (`login.example.com`,
   * `host/path`; see `oidcProviderKey`).
   */
  oidcProviders: Readonly<Record<string, OidcProviderConfig>>;
  /** The OIDC verifiers, made once per gateway with `oidcLoginVerifiers`. */
  oidc: OidcLoginVerifiers;
  /** The identity service's issuer (`openIdIssuer(publicUrl)`). */
  identityIssuer: string;
  /** The public keys of the identity service (the `identitySigningKeys` records' `publicJwk`). */
  identityKeys(): Promise<readonly IdentityPublicJwk[]>;
  /** Epoch milliseconds. */
  now(): number;
}

/** How one operation validates Logins. */
export interface LoginsOptions {
  /**
   * Whether `cognito-identity.amazonaws.com` (the developer flow's OpenID token) is accepted:
   * GetCredentialsForIdentity yes, GetId no ("Can't pass in a Cognito token.").
   */
  allowCognitoToken: boolean;
}

/** The verifiers of OIDC logins, one per provider. */
export interface OidcLoginVerifiers {
  /** The `iss` values Google's or Apple's ID tokens carry (empty for any other provider). */
  socialIssuers(provider: string): readonly string[];
  /**
   * Verifies a token's signature and times for a provider whose tokens carry one of `issuers`
   * (the first is the one discovered, unless `jwksUri` names the keys). Throws `JwtError` or
   * `JwksUnavailableError`.
   */
  verify(issuers: readonly string[], jwksUri: string | undefined, token: string): Promise<Principal>;
}
