/**
 * GetOpenIdToken: the basic flow's token for an identity (10 minutes, RS512), for
 * sts:AssumeRoleWithWebIdentity; only in pools that allow the basic (classic) flow.
 */
import { defineOperation, InvalidParameterException, structure } from "../../protocol/json/index.js";
import type { IdentityPoolContext } from "../context.js";
import { accessIdentity } from "../identity-access.js";
import { identityToken } from "../identity-token.js";
import { loginsMap } from "../logins/index.js";
import { MESSAGES } from "../messages.js";
import { OPEN_ID_TOKEN_TTL_SECONDS } from "../openid-token.js";
import { identityId } from "../shapes.js";

/**
 * The operation.
 */
export function getOpenIdToken(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({ IdentityId: identityId(), Logins: loginsMap() }),
    async ({ input, request }) => {
      const access = await accessIdentity(ctx, input.IdentityId, input.Logins, request.url);
      if (!access.pool.allowClassicFlow) throw new InvalidParameterException(MESSAGES.classicFlowDisabled);
      const token = await identityToken(ctx, access, OPEN_ID_TOKEN_TTL_SECONDS, request.url);
      await (await ctx.store()).identities.touch(access.identity.id, ctx.now());
      return { IdentityId: access.identity.id, Token: token };
    },
  );
}
