/**
 * DeleteUserPoolClientSecret: ends one of the client's secrets, never its last. Deleting the
 * original one removes ClientSecret from DescribeUserPoolClient for good; nothing is promoted.
 */
import {
  defineOperation,
  InvalidParameterException,
  ResourceNotFoundException,
  string,
  structure,
} from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import { requireClient, type UserPoolContext } from "../../context.js";
import { NAMED } from "../../messages.js";
import { userPoolId } from "../../pool-shapes.js";
import { SECRET_MESSAGES } from "./shapes.js";

const Input = structure({
  UserPoolId: userPoolId(),
  ClientId: clientId(),
  ClientSecretId: string({ required: true, min: 1, max: 128 }),
});

/**
 * The operation.
 */
export function deleteUserPoolClientSecret(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const client = await requireClient(ctx, input.UserPoolId, input.ClientId);
    const store = await ctx.store();
    const outcome = await store.clientSecrets.delete(
      client.poolId,
      client.id,
      input.ClientSecretId,
      ctx.now(),
    );
    if (outcome === null) throw new ResourceNotFoundException(NAMED.clientNotFound(input.ClientId));
    if (outcome === "not-found")
      throw new ResourceNotFoundException(SECRET_MESSAGES.secretNotFound(input.ClientSecretId));
    if (outcome === "last") throw new InvalidParameterException(SECRET_MESSAGES.onlySecret);
  });
}
