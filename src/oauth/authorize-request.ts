/**
 * An authorization request (`/oauth2/authorize`, and `/login` again when it is posted back),
 * parsed and validated in RFC 6749 section 4.1.2.1's order: while the client and its redirect
 * URI are not established, errors are shown on the error page and nothing redirects; after, they
 * are sent back to the redirect URI with `error`, `error_description` and `state`.
 */
import type { ClientRecord, IdentityProviderRecord } from "../storage/index.js";
import { supportsProvider } from "../user-pool/federation/provider-stands.js";
import { errorPage, errorRedirect, type OAuthError } from "./errors.js";
import type { Hosted } from "./hosted.js";
import { isPkceValue, pkceRequired } from "./pkce.js";
import { decideScopes, liveResourceScopes } from "./scopes.js";

/** A validated authorization request. */
export interface AuthorizationRequest {
  client: ClientRecord;
  responseType: "code" | "token";
  /** Exactly one of the client's CallbackURLs. */
  redirectUri: string;
  /** The granted scopes (the requested ones the client may have, or all of the client's). */
  scopes: string[];
  state?: string;
  nonce?: string;
  /** The S256 `code_challenge`. */
  codeChallenge?: string;
  loginHint?: string;
  /** `none`, `login`, `select_account`, `consent`. */
  prompt: ReadonlySet<string>;
  /** `max_age`, seconds. */
  maxAge?: number;
  /** `acr_values` names multi-factor authentication (see {@link MFA_ACR_VALUES}). */
  requireMfa: boolean;
  /** `acr_values` as sent. */
  acrValues?: string[];
  lang?: string;
  /**
   * The identity provider `identity_provider` or `idp_identifier` named (one of the pool's, and of
   * the client's SupportedIdentityProviders); absent for the pool's own sign-in (COGNITO).
   */
  identityProvider?: IdentityProviderRecord;
  /** The validated request's query string, to carry between pages (`/login?${query}`). */
  query: string;
}

/**
 * The `acr_values` that ask for multi-factor authentication: `mfa` (what the gateway's RFC 9470
 * step-up challenge sends by default), the OpenID PAPE multi-factor policy URI, and RFC 8176's
 * `mfa`-like phishing-resistant values `phr`/`phrh`. Other values are accepted and ignored.
 */
export const MFA_ACR_VALUES: ReadonlySet<string> = new Set([
  "mfa",
  "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
  "phr",
  "phrh",
]);

const PROMPTS = new Set(["none", "login", "select_account", "consent"]);

/** The parameters carried between pages, in this order (anything else is dropped). */
const CARRIED = [
  "response_type",
  "client_id",
  "redirect_uri",
  "scope",
  "state",
  "nonce",
  "code_challenge",
  "code_challenge_method",
  "login_hint",
  "lang",
  "prompt",
  "max_age",
  "acr_values",
  "identity_provider",
  "idp_identifier",
];

// Bounds on what is echoed back or carried between pages (a URL has to stay a URL).
const MAX_VALUE = 2048;
const CLIENT_ID = /^[\w+]{1,128}$/;

/**
 * Validates an authorization request for the pool `hosted` names.
 *
 * @returns the request, or the response that refuses it: the error page (400) while the client or
 * its redirect URI is in doubt, an error redirect (302) after.
 *
 * @example
 * ```ts
 * const request = await authorizationRequest(hosted, new URL(c.req.url).searchParams);
 * if (request instanceof Response) return request;
 * ```
 */
export async function authorizationRequest(
  hosted: Hosted,
  query: URLSearchParams,
  options: {
    /**
     * `/oauth2/authorize` and `/login`: a client without COGNITO that lists identity providers is
     * sent to the sign-in page, which shows it only their buttons (or the corporate e-mail box,
     * whose POST is the only one `/login` takes from it). Everywhere else (sign-up, password
     * reset) such a client is refused, as before.
     */
    buttonsOnly?: boolean;
  } = {},
): Promise<AuthorizationRequest | Response> {
  const page = (error: OAuthError, description: string) => errorPage(undefined, error, description);

  // 1. The client and the redirect URI: until both hold, nothing redirects.
  const clientIds = query.getAll("client_id");
  if (clientIds.length === 0 || clientIds[0] === "") return page("invalid_request", "client_id is required");
  if (clientIds.length > 1) return page("invalid_request", "client_id was given more than once");
  const clientId = clientIds[0]!;
  const store = await hosted.ctx.store();
  const client = CLIENT_ID.test(clientId) ? await store.clients.find(clientId) : null;
  if (client === null || client.poolId !== hosted.pool.id)
    return page("invalid_client", `Client ${clientId.slice(0, 128)} does not exist in this user pool`);

  const redirectUris = query.getAll("redirect_uri");
  if (redirectUris.length !== 1 || !callbackUrls(client).includes(redirectUris[0]!))
    return page(
      "redirect_mismatch",
      redirectUris.length === 0
        ? "redirect_uri is required"
        : "redirect_uri must be exactly one of the client's CallbackURLs",
    );
  const redirectUri = redirectUris[0]!;

  // 2. The rest, answered at the redirect URI.
  for (const name of CARRIED) {
    const values = query.getAll(name);
    if (values.length > 1)
      return errorRedirect({ redirectUri }, "invalid_request", `${name} was given more than once`);
    if ((values[0]?.length ?? 0) > MAX_VALUE)
      return errorRedirect({ redirectUri }, "invalid_request", `${name} is too long`);
  }
  const one = (name: string) => {
    const value = query.get(name);
    return value === null || value === "" ? undefined : value;
  };
  const state = query.get("state") ?? undefined;
  const type = one("response_type");
  const fail = (error: OAuthError, description: string) =>
    errorRedirect({ redirectUri, responseType: type, state }, error, description);

  if (type === undefined) return fail("invalid_request", "response_type is required");
  if (type !== "code" && type !== "token")
    return errorRedirect(
      { redirectUri, state },
      "unsupported_response_type",
      `response_type ${type} is not supported`,
    );
  const flows = Array.isArray(client.config.AllowedOAuthFlows)
    ? (client.config.AllowedOAuthFlows as string[])
    : [];
  if (client.config.AllowedOAuthFlowsUserPoolClient !== true)
    return fail("unauthorized_client", "The client is not allowed to use OAuth flows");
  if (!flows.includes(type === "code" ? "code" : "implicit"))
    return fail(
      "unauthorized_client",
      `The client is not allowed the ${type === "code" ? "code" : "implicit"} flow`,
    );

  // An identity provider by name or by one of its IdpIdentifiers (Amplify sends one or the other);
  // it must be the pool's and among the client's SupportedIdentityProviders.
  const named = one("identity_provider");
  const identifier = one("idp_identifier");
  if (named !== undefined && identifier !== undefined)
    return fail("invalid_request", "identity_provider and idp_identifier cannot both be given"); // [?]
  let identityProvider: IdentityProviderRecord | undefined;
  if ((named !== undefined && named !== "COGNITO") || identifier !== undefined) {
    const found =
      named !== undefined
        ? await store.identityProviders.get(hosted.pool.id, named)
        : await store.identityProviders.byIdentifier(hosted.pool.id, identifier!);
    if (found === null || !supportsProvider(client, found.name))
      return fail(
        "invalid_request",
        named !== undefined
          ? `identity provider ${named} is not supported` // [?] words
          : `No identity provider is found for idp_identifier ${identifier}`, // [?] words
      );
    identityProvider = found;
  } else if (!supportsCognito(client) && !(options.buttonsOnly === true && listsProviders(client))) {
    // The pool's own sign-in (and sign-up, reset) only for a client that lists COGNITO among its
    // SupportedIdentityProviders; with none listed there is no way in at all.
    return fail("unauthorized_client", "The client does not support COGNITO sign-in"); // [?] words
  }

  const decision = decideScopes(
    client,
    query.get("scope") ?? undefined,
    await liveResourceScopes(store, client.poolId),
  );
  if ("refused" in decision) return fail("invalid_scope", decision.reason);
  if (decision.granted.length === 0) return fail("invalid_scope", "No valid scope requested");

  // PKCE: S256 only; required by the pkce setting (beyond Cognito) for the code flow.
  const codeChallenge = one("code_challenge");
  const method = one("code_challenge_method");
  if (codeChallenge !== undefined) {
    if (method !== "S256") return fail("invalid_request", "code_challenge_method must be S256");
    if (!isPkceValue(codeChallenge))
      return fail("invalid_request", "code_challenge must be 43-128 unreserved characters");
  } else if (method !== undefined) {
    return fail("invalid_request", "code_challenge_method without code_challenge");
  } else if (
    type === "code" &&
    pkceRequired(hosted.options.pkce ?? "public-clients", client.secret !== null)
  ) {
    return fail("invalid_request", "code_challenge is required (PKCE with S256)");
  }

  const prompt = new Set((one("prompt") ?? "").split(" ").filter((p) => p !== ""));
  for (const p of prompt) if (!PROMPTS.has(p)) return fail("invalid_request", `prompt ${p} is not supported`);
  if (prompt.has("none") && prompt.size > 1)
    return fail("invalid_request", "prompt=none cannot be combined with other values");

  let maxAge: number | undefined;
  const maxAgeText = one("max_age");
  if (maxAgeText !== undefined) {
    if (!/^\d{1,10}$/.test(maxAgeText))
      return fail("invalid_request", "max_age must be a non-negative integer");
    maxAge = Number(maxAgeText);
  }

  const acrValues = one("acr_values")
    ?.split(" ")
    .filter((v) => v !== "");
  const lang = one("lang");

  const carried = new URLSearchParams();
  for (const name of CARRIED) {
    const value = query.get(name);
    if (value !== null) carried.set(name, value);
  }
  return {
    client,
    responseType: type,
    redirectUri,
    scopes: decision.granted,
    state,
    nonce: one("nonce"),
    codeChallenge,
    loginHint: one("login_hint"),
    prompt,
    maxAge,
    requireMfa: (acrValues ?? []).some((v) => MFA_ACR_VALUES.has(v)),
    acrValues,
    lang: lang !== undefined && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang) ? lang : undefined,
    ...(identityProvider === undefined ? {} : { identityProvider }),
    query: carried.toString(),
  };
}

export { providerStands, supportsProvider } from "../user-pool/federation/provider-stands.js";

/** Whether the client lists the pool's own sign-in (`COGNITO`) among its SupportedIdentityProviders. */
export function supportsCognito(client: ClientRecord): boolean {
  return supportsProvider(client, "COGNITO");
}

/** Whether the client lists any identity provider besides COGNITO. */
function listsProviders(client: ClientRecord): boolean {
  const providers = client.config.SupportedIdentityProviders;
  return Array.isArray(providers) && providers.some((p) => typeof p === "string" && p !== "COGNITO");
}

/** The client's CallbackURLs. */
export function callbackUrls(client: ClientRecord): string[] {
  const urls = client.config.CallbackURLs;
  return Array.isArray(urls) ? urls.filter((u): u is string => typeof u === "string") : [];
}
