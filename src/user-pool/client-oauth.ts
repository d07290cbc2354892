/**
 * An app client's OAuth settings as Cognito checks them when CreateUserPoolClient and
 * UpdateUserPoolClient store them: the redirect URLs, the flows, the scopes (standard, or a
 * resource server's), the identity providers. The settings are stored even while
 * AllowedOAuthFlowsUserPoolClient is false; the authorization server refuses such a client at
 * runtime instead, as Cognito does.
 */
import {
  InvalidOAuthFlowException,
  InvalidParameterException,
  ScopeDoesNotExistException,
} from "../protocol/json/index.js";
import type { PoolRecord } from "../storage/index.js";
import type { UserPoolContext } from "./context.js";
import { existingScopes, STANDARD_SCOPES } from "./resource-scopes.js";

/** The OAuth members of a client's settings, as the shapes of client-settings.ts give them. */
export interface ClientOAuthSettings {
  CallbackURLs?: string[];
  LogoutURLs?: string[];
  DefaultRedirectURI?: string;
  AllowedOAuthFlows?: string[];
  AllowedOAuthScopes?: string[];
  SupportedIdentityProviders?: string[];
}

// Plain http is for the local machine only; any other scheme must be https or an app's own.
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
// Schemes that run or embed content instead of reaching an app: never a redirect target.
const REFUSED_SCHEMES = new Set(["javascript:", "data:", "vbscript:", "file:", "blob:"]);
/** The identity providers a pool has without any federation set up. */
const BUILT_IN_PROVIDERS: ReadonlySet<string> = new Set(["COGNITO"]);

/**
 * Why `url` cannot be a redirect or sign-out URL, or `undefined` when it can: it must be absolute,
 * without a fragment, and https unless it is http on the loopback host or a custom scheme
 * (`myapp://callback`).
 */
export function redirectUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "a URL must be absolute";
  }
  if (url.includes("#")) return "a URL must not have a fragment";
  if (REFUSED_SCHEMES.has(parsed.protocol)) return `the scheme ${parsed.protocol} is not allowed`;
  if (parsed.protocol === "http:" && !LOOPBACK.has(parsed.hostname))
    return "http is allowed only for http://localhost, http://127.0.0.1 and http://[::1]; use https";
  return undefined;
}

/**
 * Checks a client's OAuth settings against the pool.
 *
 * @param hasSecret whether the client has a secret (client_credentials needs one)
 * @throws {InvalidParameterException} for a bad URL, a DefaultRedirectURI not among the CallbackURLs, a provider
 *   that is neither COGNITO nor one of the pool's identity providers
 * @throws {InvalidOAuthFlowException} for flows that cannot go together or lack what they need
 * @throws {ScopeDoesNotExistException} for a scope that is neither standard nor a resource server's
 * @example
 * ```ts
 * await checkClientOAuth(ctx, pool, { AllowedOAuthFlows: ["code"], CallbackURLs: ["https://app.example.com/cb"], AllowedOAuthScopes: ["openid"] }, false);
 * ```
 */
export async function checkClientOAuth(
  ctx: UserPoolContext,
  pool: PoolRecord,
  settings: ClientOAuthSettings,
  hasSecret: boolean,
): Promise<void> {
  const callbacks = settings.CallbackURLs ?? [];
  for (const [member, urls] of [
    ["CallbackURL", callbacks],
    ["LogoutURL", settings.LogoutURLs ?? []],
    ["DefaultRedirectURI", settings.DefaultRedirectURI === undefined ? [] : [settings.DefaultRedirectURI]],
  ] as const) {
    for (const url of urls) {
      const problem = redirectUrlProblem(url);
      if (problem !== undefined) throw new InvalidParameterException(`Invalid ${member} ${url}: ${problem}.`); // [?] words
    }
  }
  if (settings.DefaultRedirectURI !== undefined && !callbacks.includes(settings.DefaultRedirectURI))
    throw new InvalidParameterException("DefaultRedirectURI must be one of the CallbackURLs."); // [?] words

  const flows = new Set(settings.AllowedOAuthFlows ?? []);
  if ((flows.has("code") || flows.has("implicit")) && callbacks.length === 0)
    throw new InvalidOAuthFlowException(
      "CallbackUrls can not be empty when code flow or implicit flow is selected",
    );
  const scopes = settings.AllowedOAuthScopes ?? [];
  if (flows.has("client_credentials")) {
    if (flows.size > 1)
      throw new InvalidOAuthFlowException(
        "client_credentials flow can not be selected along with code flow or implicit flow.", // [?] words
      );
    if (!hasSecret)
      throw new InvalidOAuthFlowException(
        "client_credentials flow can not be selected if client does not have a client secret.", // [?] words
      );
    const standard = scopes.find((scope) => STANDARD_SCOPES.has(scope));
    if (standard !== undefined)
      throw new InvalidOAuthFlowException(`${standard} is not supported with client_credentials flow`);
  }
  const custom = scopes.filter((scope) => !STANDARD_SCOPES.has(scope));
  if (custom.length > 0) {
    const known = await existingScopes(ctx, pool.id);
    const unknown = custom.find((scope) => !known.has(scope));
    if (unknown !== undefined) throw new ScopeDoesNotExistException(`Invalid scope requested: ${unknown}`);
  }

  const named = (settings.SupportedIdentityProviders ?? []).filter((p) => !BUILT_IN_PROVIDERS.has(p));
  if (named.length > 0) {
    // The pool's identity providers, by their exact names.
    const known = await (await ctx.store()).identityProviders.names(pool.id);
    const provider = named.find((p) => !known.has(p));
    if (provider !== undefined)
      throw new InvalidParameterException(
        `The provider ${provider} does not exist for User Pool ${pool.id}.`,
      );
  }
}
