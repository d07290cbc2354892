/** The user an AccessToken signs in, for the operations a user calls on themself. */
import { ResourceNotFoundException } from "../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { accessTokenUser } from "../access-token.js";
import { NAMED } from "../messages.js";

/**
 * The signed-in user of an AccessToken and their pool.
 */
export async function signedInUser(
  ctx: UserPoolContext,
  token: string,
): Promise<{ user: UserRecord; pool: PoolRecord; clientId: string | undefined }> {
  const { user, claims } = await accessTokenUser(ctx, token);
  const pool = await (await ctx.store()).pools.get(user.poolId);
  if (pool === null) throw new ResourceNotFoundException(NAMED.poolNotFound(user.poolId));
  return { user, pool, clientId: typeof claims.client_id === "string" ? claims.client_id : undefined };
}
