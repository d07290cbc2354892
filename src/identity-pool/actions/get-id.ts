/**
 * GetId: the identity of the Logins (created on first sign-in, linked, merged), or a new
 * unauthenticated identity when there are none and the pool allows them.
 */
import { defineOperation, NotAuthorizedException, string, structure } from "../../protocol/json/index.js";
import { inPool, requireIdentityPool, type IdentityPoolContext } from "../context.js";
import { newId } from "../ids.js";
import { loginsMap, verifyLogins } from "../logins/index.js";
import { MESSAGES } from "../messages.js";
import { identityForLogins } from "../resolve-identity.js";
import { identityPoolId } from "../shapes.js";

/**
 * The operation.
 */
export function getId(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({
      AccountId: string({ min: 1, max: 15, pattern: "\\d+" }),
      IdentityPoolId: identityPoolId(),
      Logins: loginsMap(),
    }),
    async ({ input, request }) => {
      const pool = await requireIdentityPool(ctx, input.IdentityPoolId);
      const logins = await verifyLogins(ctx.loginsDeps(request.url), pool, input.Logins, {
        allowCognitoToken: false,
      });
      if (logins.length === 0) {
        if (!pool.allowUnauthenticated)
          throw new NotAuthorizedException(MESSAGES.unauthenticatedNotSupported);
        const id = newId(ctx.region);
        const store = await ctx.store();
        await inPool(pool.id, () => store.identities.create(pool.id, id, ctx.now()));
        return { IdentityId: id };
      }
      return { IdentityId: await identityForLogins(ctx, pool, logins) };
    },
  );
}
