/**
 * Logins from OpenID Connect providers: an IAM OIDC provider the pool names by ARN, Google and
 * Apple (SupportedLoginProviders, their app ids the audiences). The rules are Cognito's
 * ("Validating an OpenID Connect token", Amazon Cognito Developer Guide):
 *
 * > Amazon Cognito allows for a grace period of 5 minutes to handle any clock skew between systems.
 * > 1. The `iss` parameter must match the key used in the logins map (such as login.provider.com).
 * > 2. The signature must be valid. The signature must be verifiable via an RSA public key.
 * > 4. If the `azp` parameter is present, check this value against listed client IDs in your OpenId Connect provider.
 * > 5. If the `azp` parameter is not present, check the `aud` parameter against listed client IDs in your OpenId Connect provider.
 *
 * (Step 3, the certificate thumbprint, has no counterpart: keys are fetched over https.)
 * Signatures and times are checked by the authorizer's verifier, one per provider, kept.
 */
import { signatureCrypto } from "#crypto";
import type { Principal } from "../../authorizer/principal.js";
import { discoverJwksUri } from "../../authorizer/verify/discovery.js";
import { JwksUnavailableError, JwtError } from "../../authorizer/verify/errors.js";
import { RemoteJwks, type JwksOptions } from "../../authorizer/verify/jwks.js";
import type { IssuerProfile } from "../../authorizer/verify/profile.js";
import { TokenVerifier } from "../../authorizer/verify/verifier.js";
import type { JwsAlgorithm } from "../../runtime/crypto.js";
import { ExternalServiceException, NotAuthorizedException } from "../../protocol/json/index.js";
import { MESSAGES, NAMED } from "../messages.js";
import { APPLE_PROVIDER, GOOGLE_PROVIDER } from "./providers.js";
import { unverifiedParts } from "./signed-token.js";
import type { LoginsDeps, OidcLoginVerifiers, VerifiedLogin } from "./types.js";

/** Cognito's grace period for clock skew, in seconds. */
export const OIDC_LEEWAY_SECONDS = 300;

/** "The signature must be verifiable via an RSA public key." */
const RSA_ALGORITHMS: readonly JwsAlgorithm[] = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];

/** The LoginsMap's largest token (IdentityProviderToken: 1-50000 characters). */
const MAX_TOKEN_LENGTH = 50_000;

/** How OIDC logins are verified: made once per gateway, so keys and verified tokens are kept. */
export interface OidcLoginOptions {
  /** Fetches discovery documents and key sets. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Epoch milliseconds. Default: `Date.now`. */
  now?: () => number;
  /**
   * The issuers of Google's and Apple's ID tokens. Default `https://accounts.google.com` (whose
   * tokens may also say `accounts.google.com`) and `https://appleid.apple.com`; a local fake of
   * either (tests, offline development) is named here. Keys come from the issuer's discovery.
   */
  socialIssuers?: Partial<Record<typeof GOOGLE_PROVIDER | typeof APPLE_PROVIDER, string>>;
  /** Abort a fetch after this many milliseconds. Default 5000. */
  timeoutMs?: number;
  /** Verifiers kept (one per provider). Default 64. */
  maxProviders?: number;
}

/**
 * Makes the OIDC verifiers: each provider's keys fetched (https, or http on loopback) and kept
 * for their freshness, a verified token remembered until it expires, at most `maxProviders`
 * providers kept (the oldest dropped first).
 *
 * @example
 * ```ts
 * const oidc = oidcLoginVerifiers({ fetch: issuer.fetch, now: issuer.now });
 * await verifyLogins({ ...deps, oidc }, pool, { "login.example.com": idToken }, { allowCognitoToken: false });
 * ```
 */
export function oidcLoginVerifiers(options: OidcLoginOptions = {}): OidcLoginVerifiers {
  const now = options.now ?? Date.now;
  const google = options.socialIssuers?.[GOOGLE_PROVIDER];
  const apple = options.socialIssuers?.[APPLE_PROVIDER];
  const social: Record<string, readonly string[]> = {
    // Google's ID tokens say either; only the URL form is a place to discover keys.
    [GOOGLE_PROVIDER]:
      google === undefined ? ["https://accounts.google.com", "accounts.google.com"] : [google],
    [APPLE_PROVIDER]: [apple ?? "https://appleid.apple.com"],
  };
  const jwksOptions: JwksOptions = {
    crypto: signatureCrypto,
    now,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 5000,
    maxBytes: 256 * 1024,
    defaultTtlMs: 10 * 60 * 1000,
    minTtlMs: 60 * 1000,
    maxTtlMs: 24 * 60 * 60 * 1000,
    cooldownMs: 30 * 1000,
    failureBackoffMs: 2000,
  };
  const max = options.maxProviders ?? 64;
  const verifiers = new Map<string, TokenVerifier>();

  const verifierFor = (issuers: readonly string[], jwksUri: string | undefined): TokenVerifier => {
    const id = JSON.stringify([issuers, jwksUri ?? null]);
    let verifier = verifiers.get(id);
    if (verifier === undefined) {
      const keys = new RemoteJwks(jwksUri ?? discoverJwksUri(issuers[0]!, jwksOptions), jwksOptions);
      verifier = new TokenVerifier({
        profiles: issuers.map((issuer) => profileOf(issuer, keys)),
        crypto: signatureCrypto,
        now,
        leeway: OIDC_LEEWAY_SECONDS,
        maxTokenLength: MAX_TOKEN_LENGTH,
        cacheMax: 256,
      });
      if (verifiers.size >= max) verifiers.delete(verifiers.keys().next().value!);
      verifiers.set(id, verifier);
    }
    return verifier;
  };

  return {
    socialIssuers: (provider) => social[provider] ?? [],
    verify: (issuers, jwksUri, token) => verifierFor(issuers, jwksUri).verify(token),
  };
}

/** Cognito checks no `typ`, and the audience itself (azp before aud): the verifier only signs off the rest. */
function profileOf(issuer: string, keys: RemoteJwks): IssuerProfile {
  return {
    issuer,
    algorithms: RSA_ALGORITHMS,
    keys,
    checkHeader() {},
    checkClaims: () => ({ username: undefined, groups: [], tokenUse: undefined }),
  };
}

/** One OIDC provider as a login is checked against it. */
export interface OidcLoginProvider {
  /** The Logins key (and the provider's name): the issuer without its scheme, or `accounts.google.com`. */
  key: string;
  /** The `iss` values its tokens may carry. */
  issuers: readonly string[];
  jwksUri?: string;
  /** The accepted audiences. */
  clientIds: readonly string[];
}

/**
 * Verifies an OIDC provider's ID token: its issuer against the key, the claims Cognito requires,
 * the signature and times, then `azp` (else `aud`) against the provider's client ids.
 *
 * @throws {NotAuthorizedException} in Cognito's words; {ExternalServiceException} when the
 *   provider's keys cannot be fetched.
 */
export async function verifyOidcLogin(
  deps: Pick<LoginsDeps, "oidc" | "now">,
  provider: OidcLoginProvider,
  token: string,
): Promise<VerifiedLogin> {
  const parts = unverifiedParts(token);
  if (parts === undefined) throw new NotAuthorizedException(MESSAGES.notOpenIdToken);
  const { payload } = parts;
  if (typeof payload.iss !== "string" || !provider.issuers.includes(payload.iss))
    throw new NotAuthorizedException(MESSAGES.issuerMismatch);
  if (payload.aud === undefined && payload.azp === undefined)
    throw new NotAuthorizedException(NAMED.missingClaim("aud"));
  for (const claim of ["sub", "exp"])
    if (payload[claim] === undefined) throw new NotAuthorizedException(NAMED.missingClaim(claim));

  let principal: Principal;
  try {
    principal = await deps.oidc.verify(provider.issuers, provider.jwksUri, token);
  } catch (error) {
    throw refusal(error, provider.key, payload, deps.now());
  }
  const claims = principal.claims;
  const clientId = audienceOf(claims, provider.clientIds);
  if (clientId === undefined) throw new NotAuthorizedException(MESSAGES.unsupportedProvider);
  return {
    key: provider.key,
    provider: provider.key,
    subject: principal.sub,
    claims,
    kind: "oidc",
    clientId,
  };
}

/** `azp` when present (it alone decides), else the first of `aud` that is a client id. */
function audienceOf(
  claims: Readonly<Record<string, unknown>>,
  clientIds: readonly string[],
): string | undefined {
  if (claims.azp !== undefined)
    return typeof claims.azp === "string" && clientIds.includes(claims.azp) ? claims.azp : undefined;
  const aud = claims.aud;
  const audiences = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
  return audiences.find((a): a is string => typeof a === "string" && clientIds.includes(a));
}

/** A verifier's refusal in Cognito Identity's words (any other failure as it is). */
function refusal(error: unknown, provider: string, payload: Record<string, unknown>, now: number): unknown {
  if (error instanceof JwksUnavailableError)
    return new ExternalServiceException(NAMED.providerUnavailable(provider), { cause: error });
  if (!(error instanceof JwtError)) return error;
  switch (error.code) {
    case "ERR_JWT_MALFORMED":
    case "ERR_JWT_TOO_LARGE":
      return new NotAuthorizedException(MESSAGES.notOpenIdToken);
    case "ERR_JWT_UNTRUSTED_ISSUER":
      return new NotAuthorizedException(MESSAGES.issuerMismatch);
    case "ERR_JWT_EXPIRED":
      // The signature was checked before the times: this `exp` is the provider's.
      return new NotAuthorizedException(NAMED.tokenExpired(Math.floor(now / 1000), payload.exp as number));
    case "ERR_JWT_NOT_YET_VALID":
    case "ERR_JWT_ISSUED_IN_FUTURE":
      return new NotAuthorizedException(MESSAGES.notYetValid);
    case "ERR_JWT_CLAIM_INVALID":
      return new NotAuthorizedException(MESSAGES.notOpenIdToken);
    default:
      return new NotAuthorizedException(MESSAGES.unverifiedSignature);
  }
}
