/**
 * Where each identity provider is reached: the authorization, token and attribute endpoints, the
 * JWKS and the `iss` of its ID tokens. Social providers have them in their details (fixed by
 * Cognito, federation.md §1.3), Google its key set by discovery and Apple its well-known one; a
 * generic OIDC provider has them
 * from discovery at `{oidc_issuer}/.well-known/openid-configuration`, each one replaced by the
 * details' own `authorize_url`, `token_url`, `attributes_url`, `jwks_uri` where given (then
 * discovery is skipped when all are). Every URL passes {@link idpUrl} (the origin map, https).
 *
 * Discovery documents and key sets are the authorizer's machinery (CachedDocument, RemoteJwks):
 * cached per URL for their freshness, one fetch in flight, refetched on an unknown `kid` after a
 * cooldown. The caches live in the isolate, bounded.
 */
import { signatureCrypto } from "#crypto";
import { CachedDocument, type DocumentOptions } from "../../authorizer/verify/cached-document.js";
import { JwksUnavailableError } from "../../authorizer/verify/errors.js";
import { hostKind } from "../../authorizer/verify/fetch.js";
import { type JwksOptions, RemoteJwks } from "../../authorizer/verify/jwks.js";
import type { IdentityProviderRecord } from "../../storage/index.js";
import { IDP_USER_AGENT } from "./idp-call.js";
import { type FederationOptions, IDP_MAX_BYTES, IDP_TIMEOUT_MS, idpUrl, mappedOrigin } from "./options.js";

/** An identity provider's endpoints, ready to use. */
export interface IdpEndpoints {
  authorize: URL;
  token: URL;
  /** userinfo (OIDC), the People API or userinfo (Google), Graph `/me` (Facebook), `/user/profile` (LWA). */
  attributes?: URL;
  /** The key set of its ID tokens (OIDC, Google, Apple). */
  jwks?: RemoteJwks;
  /** The `iss` its ID tokens must carry (OIDC, Google, Apple). */
  issuer?: string;
}

/** An endpoint could not be established: the words for the app (federation.md §4.3). */
export class IdpSetupError extends Error {
  override readonly name = "IdpSetupError";
}

/** The key sets of Google and Apple, which their details do not name. */
export const SOCIAL_JWKS: Readonly<Record<string, string>> = {
  Google: "https://www.googleapis.com/oauth2/v3/certs",
  SignInWithApple: "https://appleid.apple.com/auth/keys",
};

const MAX_CACHED = 256;

const fetchWithAgent: typeof fetch = (input, init) =>
  fetch(input, {
    ...init,
    headers: { ...(init?.headers as Record<string, string>), "user-agent": IDP_USER_AGENT },
  });

const documentOptions = (options: FederationOptions | undefined): DocumentOptions => ({
  now: Date.now,
  fetch: fetchWithAgent,
  timeoutMs: options?.timeoutMs ?? IDP_TIMEOUT_MS,
  maxBytes: options?.maxBytes ?? IDP_MAX_BYTES,
  defaultTtlMs: 60 * 60 * 1000,
  minTtlMs: 60 * 1000,
  maxTtlMs: 24 * 60 * 60 * 1000,
  failureBackoffMs: 2000,
});

const keySets = new Map<string, RemoteJwks>();
const discoveries = new Map<string, CachedDocument<Discovered>>();

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    value = make();
    cache.set(key, value);
  }
  return value;
}

/** The cached key set at `url` (already through {@link idpUrl}). */
export function jwksAt(options: FederationOptions | undefined, url: URL): RemoteJwks {
  const jwksOptions: JwksOptions = {
    ...documentOptions(options),
    crypto: signatureCrypto,
    cooldownMs: 30_000,
  };
  return remember(keySets, url.href, () => new RemoteJwks(url.href, jwksOptions));
}

/** What discovery says (only the endpoints cognate uses). */
interface Discovered {
  authorization_endpoint?: string;
  token_endpoint?: string;
  userinfo_endpoint?: string;
  jwks_uri?: string;
}

function discovered(issuer: string, url: string) {
  return (json: unknown): Discovered => {
    const doc = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
    // OpenID Connect Discovery 1.0 §4.3: the document must name exactly the configured issuer.
    if (doc.issuer !== issuer) throw new JwksUnavailableError(url, `${url} names another issuer`);
    const out: Discovered = {};
    for (const key of ["authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"] as const)
      if (typeof doc[key] === "string") out[key] = doc[key];
    return out;
  };
}

/**
 * The provider's endpoints, by its type.
 *
 * @throws {IdpSetupError} when discovery fails or an endpoint is missing or not allowed
 */
export async function idpEndpoints(
  options: FederationOptions | undefined,
  provider: IdentityProviderRecord,
  /** Only the authorization endpoint is wanted (the first leg): no key set is looked up for it. */
  authorizeOnly = false,
): Promise<IdpEndpoints> {
  const details = provider.details;
  const url = (value: string | undefined, what: string, remote?: boolean): URL => {
    const resolved = value === undefined ? null : idpUrl(options, value);
    // A remote provider's discovery document must not steer calls to this machine or the private
    // network (judged on the URL as written; an `endpointOrigins` rewrite is the operator's).
    if (
      resolved === null ||
      (remote === true && !mappedOrigin(options, value!) && hostKind(new URL(value!).hostname) !== "public")
    )
      throw new IdpSetupError(`${provider.name} Error - no usable ${what}`); // [?] words
    return resolved;
  };
  const optionalUrl = (value: string | undefined, what: string, remote?: boolean) =>
    value === undefined || value === "" ? undefined : url(value, what, remote);

  const discover = async (issuer: string): Promise<Discovered> => {
    const at = url(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, "oidc_issuer");
    const document = remember(
      discoveries,
      `${issuer}|${at.href}`,
      () => new CachedDocument(() => at.href, discovered(issuer, at.href), documentOptions(options)),
    );
    try {
      return await document.current();
    } catch (cause) {
      throw new IdpSetupError(`${provider.name} Error - error discovering the OpenID configuration`, {
        cause,
      }); // [?] words
    }
  };
  const isRemote = (issuer: string) =>
    URL.canParse(issuer) && hostKind(new URL(issuer).hostname) === "public";

  if (provider.type !== "OIDC") {
    // Google's key set by discovery (its other endpoints are the ones Cognito fills in); Apple's
    // is its documented fixed URL.
    const jwks = authorizeOnly
      ? undefined
      : provider.type === "Google" && details.oidc_issuer !== undefined
        ? url(
            (await discover(details.oidc_issuer)).jwks_uri ?? SOCIAL_JWKS.Google,
            "jwks_uri",
            isRemote(details.oidc_issuer),
          )
        : SOCIAL_JWKS[provider.type] === undefined
          ? undefined
          : url(SOCIAL_JWKS[provider.type], "jwks_uri");
    return {
      authorize: url(details.authorize_url, "authorize_url"),
      token: url(details.token_url, "token_url"),
      attributes: optionalUrl(details.attributes_url, "attributes_url"),
      ...(jwks === undefined ? {} : { jwks: jwksAt(options, jwks) }),
      ...(details.oidc_issuer === undefined ? {} : { issuer: details.oidc_issuer }),
    };
  }

  const issuer = details.oidc_issuer ?? "";
  const found: Discovered =
    details.authorize_url && details.token_url && details.jwks_uri ? {} : await discover(issuer);
  const remote = isRemote(issuer);
  return {
    authorize: url(details.authorize_url ?? found.authorization_endpoint, "authorization endpoint", remote),
    token: url(details.token_url ?? found.token_endpoint, "token endpoint", remote),
    attributes: optionalUrl(details.attributes_url ?? found.userinfo_endpoint, "userinfo endpoint", remote),
    jwks: jwksAt(options, url(details.jwks_uri ?? found.jwks_uri, "jwks_uri", remote)),
    issuer,
  };
}
