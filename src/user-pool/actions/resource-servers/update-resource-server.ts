/**
 * UpdateResourceServer: replaces the name and the scopes whole (scopes left out are removed; an
 * app client's grant of a removed scope is dropped silently at sign-in, as in Cognito).
 */
import { defineOperation, ResourceNotFoundException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import {
  identifier,
  resourceServerType,
  scopes,
  scopesOf,
  serverName,
  serverNotFound,
} from "../../resource-servers/shapes.js";

/**
 * The operation.
 */
export function updateResourceServer(ctx: UserPoolContext) {
  const Input = structure({
    UserPoolId: userPoolId(),
    Identifier: identifier(),
    Name: serverName(),
    Scopes: scopes(),
  });
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const updated = await (await ctx.store()).resourceServers.update(
      pool.id,
      input.Identifier,
      { name: input.Name, scopes: scopesOf(input.Scopes) },
      ctx.now(),
    );
    if (updated === null) throw new ResourceNotFoundException(serverNotFound(input.Identifier));
    return { ResourceServer: resourceServerType(updated) };
  });
}
