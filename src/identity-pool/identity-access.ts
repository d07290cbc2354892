/**
 * Who may act for an identity (GetOpenIdToken, GetCredentialsForIdentity, UnlinkIdentity): its
 * Logins, verified, must include one the identity holds (or the identity service's own token for
 * it); logins it does not hold yet are linked, identities holding them merged. An unauthenticated
 * identity needs no login, in a pool that allows such identities; given logins, it becomes theirs.
 */
import { NotAuthorizedException, ResourceNotFoundException } from "../protocol/json/index.js";
import type { IdentityPoolRecord, IdentityRecord } from "../storage/index.js";
import type { IdentityPoolContext } from "./context.js";
import { verifyLogins, type VerifiedLogin } from "./logins/index.js";
import { MESSAGES, NAMED } from "./messages.js";
import { identityForLogins } from "./resolve-identity.js";

/** The identity a call acts for, its pool, and the logins that proved it (none: unauthenticated). */
export interface IdentityAccess {
  identity: IdentityRecord;
  pool: IdentityPoolRecord;
  logins: VerifiedLogin[];
}

/**
 * The identity, following a merge to the identity it became part of (whose id the answer names).
 *
 * @throws {ResourceNotFoundException} when there is no such identity.
 */
export async function requireIdentity(ctx: IdentityPoolContext, id: string): Promise<IdentityRecord> {
  const store = await ctx.store();
  let identity = await store.identities.get(id);
  if (identity?.mergedInto != null) identity = await store.identities.get(identity.mergedInto);
  if (identity === null) throw new ResourceNotFoundException(NAMED.identityNotFound(id));
  return identity;
}

/**
 * Checks the caller's Logins against the identity and returns what it acts for.
 *
 * @throws {NotAuthorizedException} "Logins don't match..." when no login is the identity's;
 *   "Unauthenticated access is not supported..." for a guest in a pool without guests; and the
 *   Logins' own errors (verifyLogins).
 */
export async function accessIdentity(
  ctx: IdentityPoolContext,
  identityId: string,
  logins: Readonly<Record<string, string>> | undefined,
  requestUrl: string,
): Promise<IdentityAccess> {
  let identity = await requireIdentity(ctx, identityId);
  const store = await ctx.store();
  const pool = await store.identityPools.get(identity.poolId);
  if (pool === null) throw new ResourceNotFoundException(NAMED.identityNotFound(identityId));
  const verified = await verifyLogins(ctx.loginsDeps(requestUrl), pool, logins, { allowCognitoToken: true });
  // Once signed in, always: an identity that held a login is never a guest again, even with its
  // last login unlinked ("Removing the last linked login will make this identity inaccessible").
  const signedIn = identity.signedIn || identity.logins.length > 0;
  if (verified.length === 0) {
    if (signedIn) throw new NotAuthorizedException(MESSAGES.loginsDontMatch);
    if (!pool.allowUnauthenticated) throw new NotAuthorizedException(MESSAGES.unauthenticatedNotSupported);
    return { identity, pool, logins: [] };
  }
  const own = verified.filter((login) => login.kind === "cognito-identity");
  for (const login of own) {
    // The identity service's token is a login only as the developer flow's (for this identity,
    // whose developer user it names still holds it); GetOpenIdToken's tokens are for STS.
    const developer = developerOf(login, pool.developerProviderName);
    if (developer === undefined) throw new NotAuthorizedException(MESSAGES.notDeveloperToken);
    const holds = identity.logins.some(
      (l) => l.provider === developer.provider && l.subject === developer.subject,
    );
    if ((await requireIdentity(ctx, login.subject)).id !== identity.id || !holds)
      throw new NotAuthorizedException(MESSAGES.loginsDontMatch);
  }
  const external = verified.filter((login) => login.kind !== "cognito-identity");
  const holds = (login: VerifiedLogin) =>
    identity.logins.some((l) => l.provider === login.provider && l.subject === login.subject);
  if (signedIn && own.length === 0 && !external.some(holds))
    throw new NotAuthorizedException(MESSAGES.loginsDontMatch);
  if (external.length > 0 && !external.every(holds)) {
    const id = await identityForLogins(ctx, pool, external, identity);
    identity = await requireIdentity(ctx, id);
  }
  return { identity, pool, logins: verified };
}

/**
 * The developer user an identity service token speaks for: its `amr` is the developer flow's
 * (`["authenticated", "<provider>", "<provider>:<poolId>:<userId>"]`, the pool's own provider).
 */
export function developerOf(
  login: VerifiedLogin,
  developerProvider: string | null,
): { provider: string; subject: string } | undefined {
  const amr = login.claims.amr;
  if (
    developerProvider === null ||
    !Array.isArray(amr) ||
    amr[0] !== "authenticated" ||
    amr[1] !== developerProvider
  )
    return undefined;
  const prefix = `${developerProvider}:${String(login.claims.aud)}:`;
  const entry = amr.find((a): a is string => typeof a === "string" && a.startsWith(prefix));
  return entry === undefined
    ? undefined
    : { provider: developerProvider, subject: entry.slice(prefix.length) };
}
