/**
 * GetTokensFromRefreshToken (unsigned): the refresh Amplify v6 uses since 2025-07, with the
 * client secret itself (not a SECRET_HASH) when the client has one.
 */
import { defineOperation, string, structure } from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import type { UserPoolContext } from "../../context.js";
import { refresh, signInClient } from "../../sign-in/index.js";
import { stringMap } from "../../auth-params.js";

const Input = structure({
  RefreshToken: string({ required: true, pattern: "[A-Za-z0-9-_=.]+", sensitive: true }),
  ClientId: clientId(),
  ClientSecret: string({ min: 1, max: 64, pattern: "[\\w+]+", sensitive: true }),
  DeviceKey: string({ min: 1, max: 55, pattern: "[\\w-]+_[0-9a-f-]+" }),
  ClientMetadata: stringMap(),
});

/**
 * The operation.
 */
export function getTokensFromRefreshToken(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const { pool, client } = await signInClient(ctx, input.ClientId);
    const params = {
      REFRESH_TOKEN: input.RefreshToken,
      ...(input.ClientSecret === undefined ? {} : { ClientSecret: input.ClientSecret }),
    };
    const { AuthenticationResult } = await refresh(ctx, {
      pool,
      client,
      requestUrl: request.url,
      params,
      headers: request.headers,
      ...(input.ClientMetadata === undefined ? {} : { tokenMetadata: input.ClientMetadata }),
    });
    return { AuthenticationResult };
  });
}
