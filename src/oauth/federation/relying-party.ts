/**
 * The second leg of an OIDC or social sign-in, once the state is opened: the code exchanged, the
 * ID token verified (OIDC, Google, Apple), the profile read (userinfo, People API, Graph `/me`,
 * LWA profile; Apple's `user` form field), and the external identity assembled by the provider's
 * own claim names for `federatedSignIn`.
 */
import { JwksUnavailableError, JwtError } from "../../authorizer/verify/errors.js";
import type { IdentityProviderRecord } from "../../storage/index.js";
import type { ExternalIdentity } from "../../user-pool/federation/federated-sign-in.js";
import { type IdpEndpoints, idpEndpoints, IdpSetupError } from "./endpoints.js";
import { exchangeCode } from "./exchange.js";
import { callFailure, failure, type IdpFailure, isFailure } from "./failure.js";
import { verifyIdToken } from "./id-token.js";
import { KINDS } from "./kinds.js";
import type { FederationOptions } from "./options.js";
import { fetchProfile, profileUrl } from "./profile.js";
import type { FederationState } from "./state.js";

/** What came back from the IdP with the browser. */
export interface IdpReturn {
  code: string;
  /** The `{pool's hosted base}/oauth2/idpresponse` this request reached: the redirect URI of both legs. */
  redirectUri: string;
  /** Apple's `user` form field (first authorization only): JSON with the user's name. */
  appleUser?: string;
}

/** The longest subject accepted (a username is `{ProviderName}_{subject}`, at most 128 characters). */
export const MAX_SUBJECT_LENGTH = 128;

/** Google's ID tokens name their issuer with or without the scheme. */
const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];

/**
 * Turns the IdP's answer into an external identity.
 *
 * @returns the identity, or why the sign-in failed, in the words for the app
 */
export async function identityFromIdp(
  options: FederationOptions | undefined,
  provider: IdentityProviderRecord,
  state: FederationState,
  back: IdpReturn,
  now: number,
): Promise<ExternalIdentity | IdpFailure> {
  const kind = KINDS[provider.type];
  if (kind === undefined) return failure(`identity provider type ${provider.type} is not supported`);
  let endpoints: IdpEndpoints;
  try {
    endpoints = await idpEndpoints(options, provider);
  } catch (error) {
    if (error instanceof IdpSetupError) return { error: "server_error", description: error.message };
    throw error;
  }

  const tokens = await exchangeCode({
    options,
    provider,
    tokenUrl: endpoints.token,
    code: back.code,
    redirectUri: back.redirectUri,
    ...(state.pkceVerifier === undefined ? {} : { verifier: state.pkceVerifier }),
    now,
  });
  if (isFailure(tokens)) return tokens;

  let claims: Record<string, unknown> = {};
  if (kind.idToken) {
    if (tokens.idToken === undefined)
      return failure(`${provider.name} Error - 200 error getting token: no id_token`); // [?]
    try {
      claims = await verifyIdToken(tokens.idToken, {
        ...(endpoints.jwks === undefined ? {} : { jwks: endpoints.jwks }),
        issuers:
          provider.type === "Google"
            ? [...new Set([endpoints.issuer ?? GOOGLE_ISSUERS[0]!, ...GOOGLE_ISSUERS])]
            : [endpoints.issuer ?? ""],
        clientId: provider.details.client_id ?? "",
        ...(kind.nonce && state.idpNonce !== undefined ? { nonce: state.idpNonce } : {}),
        ...(provider.type === "OIDC" ? { hmacSecret: provider.details.client_secret ?? "" } : {}),
        now,
      });
    } catch (error) {
      if (error instanceof JwtError || error instanceof JwksUnavailableError)
        return callFailure(provider.name, "jwks", error);
      throw error;
    }
  }

  const url = profileUrl(provider, endpoints.attributes);
  if (url !== undefined) {
    const profile = await fetchProfile(options, provider, url, tokens.accessToken);
    if (isFailure(profile)) return profile;
    // OpenID Connect Core 5.3.2: userinfo about anyone else is refused.
    if (kind.idToken && "sub" in profile && profile.sub !== claims.sub)
      return failure(`${provider.name} Error - the userinfo sub does not match the id_token`); // [?] words
    if (kind.idToken && provider.type === "OIDC" && !("sub" in profile))
      return failure(`${provider.name} Error - the userinfo response has no sub`); // [?] words
    // [?] The profile's values over the ID token's; the ID token's own claims stay its.
    claims = { ...claims, ...profile, ...pick(claims, ["sub", "iss", "aud", "nonce"]) };
  }
  if (provider.type === "SignInWithApple" && back.appleUser !== undefined)
    claims = { ...appleName(back.appleUser), ...claims };
  // Mapped into an attribute on request only (federation.md §1.4).
  const wanted = new Set(Object.values(provider.attributeMapping));
  if (wanted.has("access_token")) claims.access_token = tokens.accessToken;
  if (wanted.has("id_token") && tokens.idToken !== undefined) claims.id_token = tokens.idToken;

  const subject = claims[kind.subject];
  if ((typeof subject !== "string" && typeof subject !== "number") || String(subject) === "")
    return failure(`${provider.name} Error - no ${kind.subject} in the user's profile`); // [?] words
  if (String(subject).length > MAX_SUBJECT_LENGTH)
    return failure(`${provider.name} Error - the user's ${kind.subject} is too long`); // [?] words
  return { provider, subject: String(subject), claims };
}

function pick(claims: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (claims[name] !== undefined) out[name] = claims[name];
  return out;
}

/**
 * The name in Apple's `user` field (`{"name":{"firstName","lastName"},"email"}`), sent with the
 * first authorization only. It comes through the browser unsigned, so only the name is taken
 * from it (the e-mail address is the ID token's), as `firstName`, `lastName` and `name`.
 */
export function appleName(user: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(user);
  } catch {
    return {};
  }
  const name = (parsed as { name?: unknown } | null)?.name as
    | { firstName?: unknown; lastName?: unknown }
    | undefined;
  if (typeof name !== "object" || name === null) return {};
  const text = (value: unknown) => (typeof value === "string" ? value.slice(0, 256) : "");
  const first = text(name.firstName);
  const last = text(name.lastName);
  const out: Record<string, string> = {};
  if (first !== "") out.firstName = first;
  if (last !== "") out.lastName = last;
  const full = `${first} ${last}`.trim();
  if (full !== "") out.name = full;
  return out;
}
