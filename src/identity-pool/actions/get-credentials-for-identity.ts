/** GetCredentialsForIdentity: the enhanced flow's temporary credentials for an identity. */
import { defineOperation, structure } from "../../protocol/json/index.js";
import type { IdentityPoolContext } from "../context.js";
import { credentialsFor } from "../credentials.js";
import { accessIdentity } from "../identity-access.js";
import { loginsMap } from "../logins/index.js";
import { arnString, identityId } from "../shapes.js";

/**
 * The operation.
 */
export function getCredentialsForIdentity(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({ IdentityId: identityId(), Logins: loginsMap(), CustomRoleArn: arnString() }),
    async ({ input, request }) => {
      const access = await accessIdentity(ctx, input.IdentityId, input.Logins, request.url);
      const session = await credentialsFor(ctx, access, {
        requestUrl: request.url,
        sourceIp: request.sourceIp,
        ...(input.CustomRoleArn !== undefined && { customRoleArn: input.CustomRoleArn }),
      });
      await (await ctx.store()).identities.touch(access.identity.id, ctx.now());
      return {
        IdentityId: access.identity.id,
        Credentials: {
          AccessKeyId: session.AccessKeyId,
          SecretKey: session.SecretKey,
          SessionToken: session.SessionToken,
          Expiration: session.Expiration,
        },
      };
    },
  );
}
