/**
 * Logins from a cognate user pool: an ID token of a pool the identity pool lists among its
 * CognitoIdentityProviders (under either of the pool's names), issued to one of the listed app
 * clients, signed with the pool's keys, unexpired; with ServerSideTokenCheck, also of a user who
 * still exists, is enabled and has not been signed out or had the sign-in revoked since
 * (identity-sync-iam.md §1.2; the checks are access-token.ts's, for an ID token).
 */
import { NotAuthorizedException } from "../../protocol/json/index.js";
import { MESSAGES, NAMED } from "../messages.js";
import type { PublicJwk } from "../../runtime/crypto.js";
import { userPoolProvider, type UserPoolProvider } from "./providers.js";
import { unverifiedParts, verifySigned } from "./signed-token.js";
import type { CognitoIdentityProviderEntry, LoginsDeps, LoginsPool, VerifiedLogin } from "./types.js";

/** Seconds of skew allowed on `iat`: the pool and the identity service share a clock. */
const IAT_SKEW_SECONDS = 60;

/**
 * Verifies a user pool's ID token sent under `key`.
 *
 * @throws {NotAuthorizedException} in Cognito's words: an unlisted pool or client ("Token is not
 *   from a supported provider of this identity pool."), another issuer, an access token
 *   ("Missing a required claim: aud"), a bad signature, an expired token, and with
 *   ServerSideTokenCheck a revoked one.
 */
export async function verifyUserPoolLogin(
  deps: Pick<LoginsDeps, "store" | "userPoolIssuer" | "now">,
  pool: Pick<LoginsPool, "cognitoIdentityProviders">,
  key: string,
  provider: UserPoolProvider,
  token: string,
): Promise<VerifiedLogin> {
  const entries = listedEntries(deps, pool, provider);
  if (entries.length === 0) throw new NotAuthorizedException(MESSAGES.unsupportedProvider);
  const signed = await verifiedToken(deps, provider.poolId, token);
  const { payload } = signed;
  const sub = payload.sub as string;
  const aud = payload.aud as string;
  const now = Math.floor(deps.now() / 1000);
  const exp = payload.exp;
  if (typeof exp !== "number" || !Number.isFinite(exp))
    throw new NotAuthorizedException(NAMED.missingClaim("exp"));
  if (now >= exp) throw new NotAuthorizedException(NAMED.tokenExpired(now, exp));
  if (typeof payload.iat === "number" && payload.iat > now + IAT_SKEW_SECONDS)
    throw new NotAuthorizedException(MESSAGES.notYetValid);
  // An identity pool lists (pool, client) pairs: a token of another client of a listed pool is
  // not from a supported provider (amazon-cognito-identity-js #7).
  const entry = entries.find((e) => e.ClientId === aud);
  if (entry === undefined) throw new NotAuthorizedException(MESSAGES.unsupportedProvider);
  if (entry.ServerSideTokenCheck === true) await checkServerSide(deps, provider.poolId, payload);
  return {
    key,
    provider: provider.canonical,
    subject: sub,
    claims: payload,
    kind: "user-pool",
    clientId: aud,
  };
}

/** The identity pool's entries for this user pool, whichever of the pool's names they use. */
function listedEntries(
  deps: Pick<LoginsDeps, "userPoolIssuer">,
  pool: Pick<LoginsPool, "cognitoIdentityProviders">,
  provider: UserPoolProvider,
): CognitoIdentityProviderEntry[] {
  return pool.cognitoIdentityProviders.filter(
    (entry) => userPoolProvider(entry.ProviderName, deps.userPoolIssuer)?.canonical === provider.canonical,
  );
}

/**
 * The token's claims once its issuer, required claims, signature and kind have passed, in that
 * order: a refusal for the issuer or a missing claim trusts nothing, and answers as Cognito does
 * before any key is looked at (an access token: "Missing a required claim: aud").
 */
async function verifiedToken(
  deps: Pick<LoginsDeps, "store" | "userPoolIssuer">,
  poolId: string,
  token: string,
): Promise<{ payload: Record<string, unknown> }> {
  const parts = unverifiedParts(token);
  if (parts === undefined) throw new NotAuthorizedException(MESSAGES.notOpenIdToken);
  if (parts.payload.iss !== deps.userPoolIssuer(poolId))
    throw new NotAuthorizedException(MESSAGES.issuerMismatch);
  for (const claim of ["aud", "sub"])
    if (typeof parts.payload[claim] !== "string" || parts.payload[claim] === "")
      throw new NotAuthorizedException(NAMED.missingClaim(claim));
  // Only the pool's ID-token keys: an access token's key (or another pool's) signs nothing here.
  const keys = (await (await deps.store()).signingKeys.list(poolId)).filter((k) => k.purpose === "id");
  const signed = await verifySigned(
    token,
    keys.map((k) => ({ ...(k.publicJwk as PublicJwk), kid: k.kid })),
    ["RS256"],
  );
  if ("failure" in signed) throw new NotAuthorizedException(MESSAGES.unverifiedSignature);
  if (signed.payload.token_use !== "id") throw new NotAuthorizedException(MESSAGES.notOpenIdToken);
  return { payload: signed.payload };
}

/**
 * ServerSideTokenCheck: the user exists and is enabled, was not signed out after the token was
 * issued, the sign-in it came from is not revoked, and its app client still exists.
 */
async function checkServerSide(
  deps: Pick<LoginsDeps, "store">,
  poolId: string,
  payload: Record<string, unknown>,
): Promise<void> {
  const store = await deps.store();
  const user = await store.users.getBySub(poolId, payload.sub as string);
  if (user === null) throw new NotAuthorizedException(MESSAGES.loginUserNotFound);
  const iat = typeof payload.iat === "number" ? payload.iat : 0;
  // iat is in seconds: a token issued in the second of a sign-out survives it, never the reverse.
  const signedOut = user.signedOutAt !== null && iat < Math.floor(user.signedOutAt / 1000);
  if (
    signedOut ||
    (typeof payload.origin_jti === "string" &&
      (await store.refreshTokens.isFamilyRevoked(payload.origin_jti))) ||
    (await store.clients.get(poolId, payload.aud as string)) === null
  )
    throw new NotAuthorizedException(MESSAGES.tokenRevoked);
  if (!user.enabled) throw new NotAuthorizedException(MESSAGES.loginUserDisabled);
}
