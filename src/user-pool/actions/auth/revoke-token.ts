/**
 * RevokeToken (unsigned): ends a refresh token's family, and with it the access tokens issued
 * from it (their `origin_jti`). Unknown tokens succeed silently, as in OAuth 2.0 revocation.
 */
import {
  defineOperation,
  string,
  structure,
  UnsupportedOperationException,
  UnsupportedTokenTypeException,
} from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import type { UserPoolContext } from "../../context.js";
import { revokeRefreshToken } from "../../tokens/revoke.js";
import { checkClientSecret, signInClient } from "../../sign-in/index.js";

const Input = structure({
  Token: string({ required: true, pattern: "[A-Za-z0-9-_=.]+", sensitive: true }),
  ClientId: clientId(),
  ClientSecret: string({ min: 1, max: 64, pattern: "[\\w+]+", sensitive: true }),
});

/**
 * The operation.
 */
export function revokeToken(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const { client } = await signInClient(ctx, input.ClientId);
    checkClientSecret(client, input.ClientSecret);
    const outcome = await revokeRefreshToken(ctx, client, input.Token);
    if (outcome === "disabled")
      throw new UnsupportedOperationException("Token revocation is not enabled for this client"); // [?] words
    if (outcome === "unsupported-token-type")
      throw new UnsupportedTokenTypeException("Unsupported token type"); // [?] words
  });
}
