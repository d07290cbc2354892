/**
 * AddUserPoolClientSecret: a second secret for a confidential client (a rotation), generated or
 * given. The client then accepts either; the original stays on DescribeUserPoolClient.
 */
import {
  defineOperation,
  InvalidParameterException,
  LimitExceededException,
  ResourceNotFoundException,
  string,
  structure,
} from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import { requireClient, type UserPoolContext } from "../../context.js";
import { newClientSecret } from "../../ids.js";
import { NAMED } from "../../messages.js";
import { userPoolId } from "../../pool-shapes.js";
import { clientSecretDescriptor, SECRET_MESSAGES } from "./shapes.js";

const Input = structure({
  UserPoolId: userPoolId(),
  ClientId: clientId(),
  ClientSecret: string({ min: 24, max: 64, pattern: "[\\w+]+", sensitive: true }),
});

/**
 * The operation.
 */
export function addUserPoolClientSecret(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const client = await requireClient(ctx, input.UserPoolId, input.ClientId);
    const generated = input.ClientSecret === undefined ? newClientSecret() : undefined;
    const store = await ctx.store();
    const added = await store.clientSecrets.add(
      client.poolId,
      client.id,
      input.ClientSecret ?? generated!,
      ctx.now(),
    );
    if (added === null) throw new ResourceNotFoundException(NAMED.clientNotFound(input.ClientId));
    if (added === "public") throw new InvalidParameterException(SECRET_MESSAGES.publicClient(client.id));
    if (added === "limit") throw new LimitExceededException(SECRET_MESSAGES.limit);
    return { ClientSecretDescriptor: clientSecretDescriptor(added, generated) };
  });
}
