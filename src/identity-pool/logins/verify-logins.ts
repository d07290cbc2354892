/**
 * The `Logins` map of GetId, GetOpenIdToken, GetCredentialsForIdentity and the developer flow,
 * checked as Cognito Identity checks it (identity-sync-iam.md §1.2): each key names a provider the
 * identity pool accepts, each token is that provider's, valid now. The steps: the map's limits,
 * each key's provider (two names for one provider refused), then every token verified.
 */
import {
  InvalidIdentityPoolConfigurationException,
  InvalidParameterException,
  map,
  NotAuthorizedException,
  string,
  structure,
  validateInput,
} from "../../protocol/json/index.js";
import { MESSAGES, NAMED } from "../messages.js";
import { verifyCognitoLogin } from "./cognito-login.js";
import { verifyOidcLogin } from "./oidc-login.js";
import {
  COGNITO_IDENTITY_PROVIDER,
  isSamlProviderArn,
  OAUTH_ONLY_PROVIDERS,
  oidcProviderUrl,
  SOCIAL_OIDC_PROVIDERS,
  userPoolProvider,
  type UserPoolProvider,
} from "./providers.js";
import type { LoginsDeps, LoginsOptions, LoginsPool, VerifiedLogin } from "./types.js";
import { verifyUserPoolLogin } from "./user-pool-login.js";

/**
 * The LoginsMap shape of the Cognito Identity model: at most 10 providers, names of 1-128
 * characters, tokens of 1-50000. Tokens are never echoed in a validation message.
 *
 * @example
 * ```ts
 * const Input = structure({ IdentityPoolId: string({ required: true }), Logins: loginsMap() });
 * ```
 */
export const loginsMap = () =>
  map(string({ min: 1, max: 128 }), string({ min: 1, max: 50_000, sensitive: true }), {
    max: 10,
    sensitive: true,
  });

const LOGINS = structure({ Logins: loginsMap() });

/** What one key names, before its token is looked at. */
type Route =
  | { kind: "cognito-identity" }
  | { kind: "user-pool"; provider: UserPoolProvider }
  | { kind: "oidc"; issuers: readonly string[]; jwksUri?: string; clientIds: readonly string[] }
  | { kind: "unverifiable" }
  | { kind: "unsupported" };

/**
 * Verifies every login of a `Logins` map for an identity pool. Undefined or empty: none.
 *
 * @example
 * ```ts
 * const logins = await verifyLogins(deps, pool, input.Logins, { allowCognitoToken: false });
 * // [{ key: "127.0.0.1:9229/us-east-1_AbC", provider: "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC",
 * //    subject: "<user sub>", claims: {...}, kind: "user-pool", clientId: "<app client id>" }]
 * ```
 *
 * @throws {InvalidParameterException} past the map's limits, or two keys for one provider;
 *   {NotAuthorizedException} for a provider the pool does not accept or a token that fails, in
 *   Cognito's words; {InvalidIdentityPoolConfigurationException} for an OIDC provider the
 *   configuration does not describe; {ExternalServiceException} when an OIDC provider's keys
 *   cannot be fetched.
 */
export async function verifyLogins(
  deps: LoginsDeps,
  pool: LoginsPool,
  logins: Readonly<Record<string, string>> | undefined,
  options: LoginsOptions,
): Promise<VerifiedLogin[]> {
  if (logins === undefined) return [];
  validateInput(LOGINS, { Logins: logins });
  const entries = Object.entries(logins);
  const routes = entries.map(([key]) => routeOf(deps, pool, key, options));
  refuseDuplicates(entries.map(([key], i) => providerName(key, routes[i]!)));
  // Every token is checked at once; the first refusal in the map's order is the answer.
  const settled = await Promise.allSettled(
    entries.map(([key, token], i) => verifyLogin(deps, pool, key, token, routes[i]!)),
  );
  const refused = settled.find((outcome) => outcome.status === "rejected");
  if (refused !== undefined) throw (refused as PromiseRejectedResult).reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<VerifiedLogin>).value);
}

/** Which provider a key names, by Cognito's rules; a key of no accepted provider is unsupported. */
function routeOf(deps: LoginsDeps, pool: LoginsPool, key: string, options: LoginsOptions): Route {
  if (key === COGNITO_IDENTITY_PROVIDER) {
    if (!options.allowCognitoToken) throw new NotAuthorizedException(MESSAGES.cognitoTokenNotAllowed);
    return { kind: "cognito-identity" };
  }
  const userPool = userPoolProvider(key, deps.userPoolIssuer);
  if (userPool !== undefined) return { kind: "user-pool", provider: userPool };
  const supported = Object.hasOwn(pool.supportedLoginProviders, key)
    ? pool.supportedLoginProviders[key]
    : undefined;
  if (supported !== undefined && SOCIAL_OIDC_PROVIDERS.has(key)) {
    // An app id per provider; several, comma-separated, are each an audience [?].
    const clientIds = supported
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id !== "");
    return { kind: "oidc", issuers: deps.oidc.socialIssuers(key), clientIds };
  }
  if (supported !== undefined && OAUTH_ONLY_PROVIDERS.has(key)) return { kind: "unverifiable" };
  if (isSamlProviderArn(key) && (pool.samlProviderArns ?? []).includes(key)) return { kind: "unverifiable" };
  const arn = pool.openIdConnectProviderArns.find((a) => oidcProviderUrl(a) === key);
  if (arn !== undefined) {
    const config = Object.hasOwn(deps.oidcProviders, key) ? deps.oidcProviders[key] : undefined;
    if (config === undefined)
      throw new InvalidIdentityPoolConfigurationException(NAMED.oidcProviderNotConfigured(arn));
    return {
      kind: "oidc",
      issuers: [config.url],
      ...(config.jwksUri === undefined ? {} : { jwksUri: config.jwksUri }),
      clientIds: config.clientIds,
    };
  }
  return { kind: "unsupported" };
}

function providerName(key: string, route: Route): string {
  return route.kind === "user-pool" ? route.provider.canonical : key;
}

/** A provider named twice (a user pool under both of its names) would be two logins of one provider. */
function refuseDuplicates(providers: readonly string[]): void {
  const seen = new Set<string>();
  for (const provider of providers) {
    if (seen.has(provider)) throw new InvalidParameterException(NAMED.duplicateProvider(provider));
    seen.add(provider);
  }
}

function verifyLogin(
  deps: LoginsDeps,
  pool: LoginsPool,
  key: string,
  token: string,
  route: Route,
): Promise<VerifiedLogin> {
  switch (route.kind) {
    case "cognito-identity":
      return verifyCognitoLogin(deps, pool, key, token);
    case "user-pool":
      return verifyUserPoolLogin(deps, pool, key, route.provider, token);
    case "oidc":
      return verifyOidcLogin(deps, { key, ...route }, token);
    case "unverifiable":
      // Facebook's and Amazon's access tokens (and SAML responses) can only be checked by
      // calling the provider; cognate does not, and says so rather than trusting them.
      return Promise.reject(new NotAuthorizedException(NAMED.unverifiableProvider(key)));
    case "unsupported":
      return Promise.reject(new NotAuthorizedException(MESSAGES.unsupportedProvider));
  }
}
