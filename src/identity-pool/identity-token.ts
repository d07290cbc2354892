/** The identity service's OpenID token for an identity the caller may act for. */
import type { IdentityPoolContext } from "./context.js";
import type { IdentityAccess } from "./identity-access.js";
import { amrFor, type DeveloperLogin } from "./logins/index.js";
import { signOpenIdToken } from "./openid-token.js";

/** The `amr` of an access: the identity service's own token's as it was issued, else its logins'. */
export function identityAmr(logins: IdentityAccess["logins"], developer?: DeveloperLogin): string[] {
  const own = logins.find((l) => l.kind === "cognito-identity");
  if (own !== undefined && Array.isArray(own.claims.amr)) return own.claims.amr.map(String);
  return amrFor(developer === undefined ? logins : [developer, ...logins]);
}

/**
 * A token for the identity: `sub` its id, `aud` its pool, `amr` its logins' (a developer login's
 * among them), `ttlSeconds` long, with the principal tags given (the developer flow's).
 */
export async function identityToken(
  ctx: IdentityPoolContext,
  access: IdentityAccess,
  ttlSeconds: number,
  requestUrl: string,
  extra: { developer?: DeveloperLogin; principalTags?: Record<string, string> } = {},
): Promise<string> {
  const amr = identityAmr(access.logins, extra.developer);
  const { kid, key } = await ctx.signingKey();
  return signOpenIdToken(key, kid, {
    issuer: ctx.issuer(requestUrl),
    identityId: access.identity.id,
    identityPoolId: access.pool.id,
    amr,
    now: ctx.now(),
    ttlSeconds,
    region: ctx.region,
    accountId: ctx.accountId,
    ...(extra.principalTags !== undefined && Object.keys(extra.principalTags).length > 0
      ? { principalTags: extra.principalTags }
      : {}),
  });
}
