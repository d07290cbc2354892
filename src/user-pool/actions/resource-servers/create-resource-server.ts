/** CreateResourceServer: an identifier, a name and custom scopes, at most 25 servers per pool. */
import {
  defineOperation,
  InvalidParameterException,
  LimitExceededException,
  ResourceNotFoundException,
  structure,
} from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { NAMED } from "../../messages.js";
import { userPoolId } from "../../pool-shapes.js";
import {
  identifier,
  MAX_RESOURCE_SERVERS,
  resourceServerType,
  scopes,
  scopesOf,
  serverName,
} from "../../resource-servers/shapes.js";

/**
 * The operation.
 */
export function createResourceServer(ctx: UserPoolContext) {
  const Input = structure({
    UserPoolId: userPoolId(),
    Identifier: identifier(),
    Name: serverName(),
    Scopes: scopes(),
  });
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const store = await ctx.store();
    const created = await store.resourceServers.create(
      { poolId: pool.id, identifier: input.Identifier, name: input.Name, scopes: scopesOf(input.Scopes) },
      ctx.now(),
      MAX_RESOURCE_SERVERS,
    );
    if (created === "exists")
      throw new InvalidParameterException(`${input.Identifier} already exists in pool ${pool.id}.`); // [?] words
    if (created === "limit")
      throw new LimitExceededException(
        `The user pool has reached its limit of ${MAX_RESOURCE_SERVERS} resource servers.`, // [?] words
      );
    // Deleted meanwhile.
    if (created === "no-pool") throw new ResourceNotFoundException(NAMED.poolNotFound(pool.id));
    return { ResourceServer: resourceServerType(created) };
  });
}
