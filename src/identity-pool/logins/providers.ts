/**
 * The names of login providers (identity-sync-iam.md §1.2): which kind of provider a `Logins`
 * key names, and the one spelling each is kept under. A cognate user pool answers to two names,
 * `cognito-idp.{region}.amazonaws.com/{poolId}` (what configurations written for AWS use) and its
 * issuer without the scheme (`127.0.0.1:9229/us-east-1_AbC`); both are the same provider, kept as
 * the first.
 */
import { USER_POOL_ID } from "../../user-pool/ids.js";

/** The identity service's own tokens (the developer flow's), under this key. */
export const COGNITO_IDENTITY_PROVIDER = "cognito-identity.amazonaws.com";

/** Google's and Apple's ID tokens: OIDC, their app ids the audiences (SupportedLoginProviders). */
export const GOOGLE_PROVIDER = "accounts.google.com";
export const APPLE_PROVIDER = "appleid.apple.com";
export const SOCIAL_OIDC_PROVIDERS: ReadonlySet<string> = new Set([GOOGLE_PROVIDER, APPLE_PROVIDER]);

/**
 * Providers whose logins are OAuth 2.0 access tokens (Facebook, Login with Amazon) or legacy
 * (Twitter, Digits): only a call to the provider can tell whether one is good.
 */
export const OAUTH_ONLY_PROVIDERS: ReadonlySet<string> = new Set([
  "graph.facebook.com",
  "www.amazon.com",
  "api.twitter.com",
  "www.digits.com",
]);

/** A user pool named as a login provider. */
export interface UserPoolProvider {
  poolId: string;
  /** `cognito-idp.{region}.amazonaws.com/{poolId}`, whichever name was used. */
  canonical: string;
}

const COGNITO_IDP = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([^/]+)$/;

/** The pool id's region: the part before `_` (`us-east-1_AbC` is in `us-east-1`). */
const regionOf = (poolId: string) => poolId.slice(0, poolId.indexOf("_"));

const withoutScheme = (url: string) => url.replace(/^https?:\/\//, "");

/**
 * The user pool a provider name names, or `undefined` for any other name. `issuerOf` gives a
 * pool's issuer (`{publicUrl}/{poolId}`); the name matches it exactly, without its scheme.
 *
 * @example
 * ```ts
 * const issuerOf = (poolId: string) => `http://127.0.0.1:9229/${poolId}`;
 * userPoolProvider("cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC", issuerOf);
 * userPoolProvider("127.0.0.1:9229/us-east-1_AbC", issuerOf);
 * // both: { poolId: "us-east-1_AbC", canonical: "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC" }
 * ```
 */
export function userPoolProvider(
  name: string,
  issuerOf: (poolId: string) => string,
): UserPoolProvider | undefined {
  const aws = COGNITO_IDP.exec(name);
  if (aws !== null) {
    const [, region, poolId] = aws as unknown as [string, string, string];
    // A pool lives in the region its id names; another region's endpoint does not know it.
    return USER_POOL_ID.test(poolId) && regionOf(poolId) === region ? { poolId, canonical: name } : undefined;
  }
  const poolId = name.slice(name.lastIndexOf("/") + 1);
  if (!name.includes("/") || !USER_POOL_ID.test(poolId) || withoutScheme(issuerOf(poolId)) !== name)
    return undefined;
  return { poolId, canonical: `cognito-idp.${regionOf(poolId)}.amazonaws.com/${poolId}` };
}

/** The one name a provider is kept under: a user pool's canonical name, any other name as given. */
export function canonicalProvider(name: string, issuerOf: (poolId: string) => string): string {
  return userPoolProvider(name, issuerOf)?.canonical ?? name;
}

const OIDC_PROVIDER_ARN = /^arn:aws:iam::\d{12}:oidc-provider\/(.+)$/;

/**
 * The provider URL an IAM OIDC provider's ARN names (`arn:aws:iam::123456789012:oidc-provider/login.example.com`
 * names `login.example.com`): the Logins key of its tokens. Any 12-digit account, as role ARNs.
 */
export function oidcProviderUrl(arn: string): string | undefined {
  return OIDC_PROVIDER_ARN.exec(arn)?.[1];
}

/**
 * The key under which an OIDC issuer is configured and sent in Logins: its URL without the scheme
 * or a trailing slash, as IAM names OIDC providers (`https://login.example.com/` → `login.example.com`).
 */
export function oidcProviderKey(issuer: string): string {
  return withoutScheme(issuer).replace(/\/+$/, "");
}

/** Whether a name is an IAM SAML provider's ARN (whose logins are SAML responses). */
export function isSamlProviderArn(name: string): boolean {
  return /^arn:aws:iam::\d{12}:saml-provider\/./.test(name);
}
