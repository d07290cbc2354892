/** CreateUserPoolClient: an app client with a 26-character id and, on request, a secret. */
import {
  boolean,
  defineOperation,
  InternalErrorException,
  string,
  structure,
} from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { CLIENT_NAME, CLIENT_SETTINGS, clientSettings, userPoolClientType } from "../../client-settings.js";
import { checkClientOAuth } from "../../client-oauth.js";
import { newClientId, newClientSecret } from "../../ids.js";
import { pick, userPoolId } from "../../pool-shapes.js";
import { MESSAGES } from "../../messages.js";

const Input = structure({
  UserPoolId: userPoolId(),
  ClientName: string({ required: true, min: 1, max: 128, pattern: CLIENT_NAME }),
  GenerateSecret: boolean(),
  ...CLIENT_SETTINGS,
});

/**
 * The operation.
 */
export function createUserPoolClient(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const config = clientSettings(pool, pick(input, CLIENT_SETTINGS), "creating");
    await checkClientOAuth(ctx, pool, input, input.GenerateSecret === true);
    const store = await ctx.store();
    for (let attempt = 0; attempt < 3; attempt++) {
      const client = await store.clients.create(
        {
          id: newClientId(),
          poolId: pool.id,
          name: input.ClientName,
          secret: input.GenerateSecret === true ? newClientSecret() : null,
          config,
        },
        ctx.now(),
      );
      if (client !== null) return { UserPoolClient: userPoolClientType(client) };
    }
    throw new InternalErrorException(MESSAGES.internalError);
  });
}
