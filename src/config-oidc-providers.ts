/**
 * The configuration's `openIdConnectProviders`: the IAM OpenID Connect providers identity pools
 * (`OpenIdConnectProviderARNs`) and STS (AssumeRoleWithWebIdentity) accept tokens of. An IAM OIDC
 * provider is its issuer URL and the client ids (audiences) it accepts; its ARN
 * `arn:aws:iam::{account}:oidc-provider/{url without https://}` names it.
 */
import { oidcProviderKey, type OidcProviderConfig } from "./identity-pool/logins/index.js";
import {
  join,
  objectOf,
  OptionsError,
  optionalString,
  optionalStrings,
  requiredString,
  shown,
} from "./util/validate.js";

export type { OidcProviderConfig };

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/;

// Keys are fetched over https, or over http from loopback (a local issuer, tests), as the authorizer's.
function urlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "must be an absolute URL";
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.test(url.hostname)))
    return "must be an https URL (http only on loopback)";
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "")
    return "must have no query, fragment or user name";
  return null;
}

/**
 * Validates the field (`[{ "url": "https://login.example.com", "clientIds": ["app"], "jwksUri"?: "..." }]`)
 * and returns it as given (a resolved configuration stays a valid one); `oidcProviderMap` keys it.
 *
 * @throws {OptionsError} naming the field (`openIdConnectProviders[0].clientIds`).
 * @example
 * ```ts
 * configOidcProviders([{ url: "https://token.actions.githubusercontent.com", clientIds: ["sts.amazonaws.com"] }]);
 * ```
 */
export function configOidcProviders(value: unknown, path = "openIdConnectProviders"): OidcProviderConfig[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new OptionsError(path, `must be an array of providers, got ${shown(value)}`);
  const seen = new Set<string>();
  return value.map((item: unknown, i) => {
    const at = join(path, i);
    const obj = objectOf(item, at, ["url", "clientIds", "jwksUri"]);
    const url = requiredString(obj, "url", at, urlProblem);
    const clientIds = optionalStrings(obj, "clientIds", at);
    if (clientIds === undefined) throw new OptionsError(join(at, "clientIds"), "is required");
    const jwksUri = optionalString(obj, "jwksUri", at, urlProblem);
    const key = oidcProviderKey(url);
    if (seen.has(key)) throw new OptionsError(join(at, "url"), `names provider ${key} again`);
    seen.add(key);
    return { url, clientIds, ...(jwksUri !== undefined && { jwksUri }) };
  });
}

/** The providers by the name their ARN carries (`login.example.com`). */
export function oidcProviderMap(
  providers: readonly OidcProviderConfig[],
): Record<string, OidcProviderConfig> {
  return Object.fromEntries(providers.map((p) => [oidcProviderKey(p.url), p]));
}
