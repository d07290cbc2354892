/**
 * UnlinkIdentity: removes providers' logins from an identity the caller proves with its Logins.
 * "Unlinked logins will be considered new identities next time they are seen. Removing the last
 * linked login will make this identity inaccessible." (the model)
 */
import { defineOperation, list, structure } from "../../protocol/json/index.js";
import type { IdentityPoolContext } from "../context.js";
import { accessIdentity } from "../identity-access.js";
import { canonicalProvider, loginsMap } from "../logins/index.js";
import { identityId, providerName } from "../shapes.js";

/**
 * The operation.
 */
export function unlinkIdentity(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({
      IdentityId: identityId(),
      Logins: { ...loginsMap(), required: true },
      LoginsToRemove: list(providerName(true), { required: true }),
    }),
    async ({ input, request }) => {
      const access = await accessIdentity(ctx, input.IdentityId, input.Logins, request.url);
      const issuerOf = (poolId: string) => ctx.userPools.issuer(poolId, request.url);
      const remove = new Set(input.LoginsToRemove.map((name) => canonicalProvider(name, issuerOf)));
      const logins = access.identity.logins.filter((l) => remove.has(l.provider));
      if (logins.length > 0)
        await (await ctx.store()).identities.unlink(access.identity.id, logins, ctx.now());
      return undefined;
    },
  );
}
