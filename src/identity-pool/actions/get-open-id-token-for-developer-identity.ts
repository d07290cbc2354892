/**
 * GetOpenIdTokenForDeveloperIdentity (signed: the developer's backend calls it): the identity of a
 * developer user identifier (created, linked, or the IdentityId given), and a token for it that
 * the client passes to GetCredentialsForIdentity under `cognito-identity.amazonaws.com`.
 */
import {
  defineOperation,
  DeveloperUserAlreadyRegisteredException,
  InvalidParameterException,
  long,
  NotAuthorizedException,
  ResourceConflictException,
  structure,
} from "../../protocol/json/index.js";
import { requireIdentityPool, type IdentityPoolContext } from "../context.js";
import { requireIdentity } from "../identity-access.js";
import { identityToken } from "../identity-token.js";
import { loginsMap, verifyLogins } from "../logins/index.js";
import { MESSAGES, NAMED } from "../messages.js";
import { identityForLogins } from "../resolve-identity.js";
import { identityId, identityPoolId, principalTags } from "../shapes.js";

/** "If you don't provide an expiration time, the token is valid for 15 minutes." (the model) */
export const DEVELOPER_TOKEN_SECONDS = 900;

/**
 * The operation.
 */
export function getOpenIdTokenForDeveloperIdentity(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({
      IdentityPoolId: identityPoolId(),
      IdentityId: identityId(false),
      Logins: { ...loginsMap(), required: true },
      PrincipalTags: principalTags(),
      TokenDuration: long({ min: 1, max: 86400 }),
    }),
    async ({ input, request }) => {
      const pool = await requireIdentityPool(ctx, input.IdentityPoolId);
      const provider = pool.developerProviderName;
      const userIdentifier = provider === null ? undefined : input.Logins[provider];
      if (provider === null || userIdentifier === undefined)
        throw new InvalidParameterException(
          NAMED.developerProviderNotFound(provider ?? Object.keys(input.Logins)[0] ?? ""),
        );
      const { [provider]: _, ...others } = input.Logins;
      const logins = await verifyLogins(ctx.loginsDeps(request.url), pool, others, {
        allowCognitoToken: false,
      });
      const store = await ctx.store();
      const holder = await store.identities.findByLogin(pool.id, provider, userIdentifier);
      const developer = { provider, subject: userIdentifier };
      let id: string;
      if (input.IdentityId !== undefined) {
        const named = await requireIdentity(ctx, input.IdentityId);
        if (named.poolId !== pool.id) throw new NotAuthorizedException(MESSAGES.loginsDontMatch);
        if (holder !== null && holder !== named.id)
          throw new DeveloperUserAlreadyRegisteredException(MESSAGES.developerUserRegistered);
        const outcome = await store.identities.link(named.id, provider, userIdentifier, ctx.now());
        if (outcome !== "linked" && outcome !== "held")
          throw new ResourceConflictException(MESSAGES.loginConflict);
        id =
          logins.length === 0
            ? named.id
            : await identityForLogins(ctx, pool, logins, await requireIdentity(ctx, named.id));
      } else {
        id = await identityForLogins(ctx, pool, [developer, ...logins]);
      }
      const identity = await requireIdentity(ctx, id);
      const token = await identityToken(
        ctx,
        { identity, pool, logins },
        input.TokenDuration ?? DEVELOPER_TOKEN_SECONDS,
        request.url,
        {
          developer: { kind: "developer", provider, identityPoolId: pool.id, userIdentifier },
          ...(input.PrincipalTags !== undefined && { principalTags: input.PrincipalTags }),
        },
      );
      return { IdentityId: identity.id, Token: token };
    },
  );
}
