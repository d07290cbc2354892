/**
 * UpdateUserPoolClient: replaces the client's settings. As in Cognito, a setting the request
 * leaves out goes back to its default; the name stays unless given, the secret always stays.
 */
import { defineOperation, string, structure } from "../../../protocol/json/index.js";
import {
  CLIENT_NAME,
  CLIENT_SETTINGS,
  clientId,
  clientSettings,
  userPoolClientType,
} from "../../client-settings.js";
import { checkClientOAuth } from "../../client-oauth.js";
import { requireClient, requirePool, type UserPoolContext } from "../../context.js";
import { pick, userPoolId } from "../../pool-shapes.js";

const Input = structure({
  UserPoolId: userPoolId(),
  ClientId: clientId(),
  ClientName: string({ min: 1, max: 128, pattern: CLIENT_NAME }),
  ...CLIENT_SETTINGS,
});

/**
 * The operation.
 */
export function updateUserPoolClient(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const client = await requireClient(ctx, input.UserPoolId, input.ClientId);
    const pool = await requirePool(ctx, input.UserPoolId);
    const config = clientSettings(pool, pick(input, CLIENT_SETTINGS), "updating");
    await checkClientOAuth(ctx, pool, input, client.secret !== null);
    const store = await ctx.store();
    const updated = await store.clients.update(
      pool.id,
      client.id,
      { name: input.ClientName, config },
      { now: ctx.now(), ifRevision: client.revision },
    );
    // Deleted (or changed) meanwhile: answer as for what is there now.
    return { UserPoolClient: userPoolClientType(updated ?? (await requireClient(ctx, pool.id, client.id))) };
  });
}
