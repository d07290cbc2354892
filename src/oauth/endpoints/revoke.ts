/**
 * `POST /oauth2/revoke` (RFC 7009): revokes a refresh token and, with its family, every access
 * and ID token issued from it, exactly as RevokeToken does (src/user-pool/tokens/revoke.ts).
 * 200 with an empty body, also for a token that is unknown, expired or already revoked.
 */
import { revokeRefreshToken } from "../../user-pool/tokens/revoke.js";
import { authenticateClient } from "../client-auth.js";
import { clientForm } from "../client-form.js";
import { withCors } from "../cors.js";
import { tokenError } from "../errors.js";
import type { Endpoint } from "../hosted.js";

/** The endpoint. */
export const revoke: Endpoint = async (c, hosted) => {
  const form = await clientForm(c, "revocation");
  if (form instanceof Response) return form;
  const token = form.get("token");
  const client = await authenticateClient(c, hosted, form);
  if (client instanceof Response) return client;
  if (token === null || token === "") return tokenError("invalid_request", "token is required"); // [?] words
  switch (await revokeRefreshToken(hosted.ctx, client, token)) {
    case "disabled":
      return tokenError("invalid_request", "Token revocation is not enabled for this client"); // [?] words
    case "unsupported-token-type":
      return tokenError("unsupported_token_type", "Only refresh tokens can be revoked"); // [?] words
    default:
      return withCors(new Response(null, { status: 200 }));
  }
};
