/**
 * ListUserPoolClientSecrets: the client's secrets (two at most, the original among them while it
 * is kept) as descriptors, never their values. There is never a next page.
 */
import {
  defineOperation,
  ResourceNotFoundException,
  string,
  structure,
} from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import { requireClient, type UserPoolContext } from "../../context.js";
import { NAMED } from "../../messages.js";
import { userPoolId } from "../../pool-shapes.js";
import { clientSecretDescriptor } from "./shapes.js";

const Input = structure({
  UserPoolId: userPoolId(),
  ClientId: clientId(),
  NextToken: string({ min: 1, pattern: "[\\S]+" }),
});

/**
 * The operation.
 */
export function listUserPoolClientSecrets(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const client = await requireClient(ctx, input.UserPoolId, input.ClientId);
    const secrets = await (await ctx.store()).clientSecrets.list(client.poolId, client.id);
    if (secrets === null) throw new ResourceNotFoundException(NAMED.clientNotFound(input.ClientId));
    return { ClientSecrets: secrets.map((secret) => clientSecretDescriptor(secret)) };
  });
}
