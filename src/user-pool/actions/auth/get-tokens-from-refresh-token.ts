/**
 * GetTokensFromRefreshToken (unsigned): the refresh Amplify v6 uses since 2025-07, with the
 * client secret itself (not a SECRET_HASH) when the client has one.
 */
import { defineOperation, string, structure } from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import type { UserPoolContext } from "../../context.js";
import { requireFlow, signInClient } from "../../sign-in/client.js";
import { stringMap } from "../../auth-params.js";
import { refreshSignIn } from "../../sign-in/refresh.js";
import { rotationOf } from "../../sign-in/rotation.js";

const Input = structure({
  RefreshToken: string({ required: true, pattern: "[A-Za-z0-9-_=.]+", sensitive: true }),
  ClientId: clientId(),
  ClientSecret: string({ min: 1, max: 64, pattern: "[\\w+]+", sensitive: true }),
  DeviceKey: string({ min: 1, max: 55, pattern: "[\\w-]+_[0-9a-f-]+" }),
  ClientMetadata: stringMap(),
});

/**
 * The operation.
 *
 * @example
 * ```ts
 * const operations = { GetTokensFromRefreshToken: getTokensFromRefreshToken(ctx) };
 * ```
 */
export function getTokensFromRefreshToken(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const { pool, client } = await signInClient(ctx, input.ClientId);
    // A rotating client refreshes here only, with REFRESH_TOKEN_AUTH off as Cognito asks.
    if (rotationOf(client) === undefined)
      requireFlow(client, "ALLOW_REFRESH_TOKEN_AUTH", "REFRESH_TOKEN_AUTH");
    const { AuthenticationResult } = await refreshSignIn(
      ctx,
      { pool, client, requestUrl: request.url },
      input.RefreshToken,
      { clientSecret: input.ClientSecret },
    );
    return { AuthenticationResult };
  });
}
