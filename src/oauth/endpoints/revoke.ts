/**
 * `POST /oauth2/revoke` (RFC 7009): revokes a refresh token and, with its family, every access
 * and ID token issued from it, exactly as RevokeToken does (src/user-pool/tokens/revoke.ts).
 * 200 with an empty body, also for a token that is unknown, expired or already revoked.
 */
import { revokeRefreshToken } from "../../user-pool/tokens/revoke.js";
import { authenticateClient } from "../client-auth.js";
import { preflight, withCors } from "../cors.js";
import { tokenError } from "../errors.js";
import { readForm, repeated } from "../form.js";
import type { Endpoint } from "../hosted.js";

/** The endpoint. */
export const revoke: Endpoint = async (c, hosted) => {
  if (c.req.method === "OPTIONS") return preflight();
  if (c.req.method !== "POST")
    return tokenError("invalid_request", "The revocation endpoint takes POST only", 405, { Allow: "POST" });
  const form = await readForm(c);
  if (form === "too-large") return tokenError("invalid_request", "The request body is too large", 413);
  if (typeof form === "string")
    return tokenError("invalid_request", "The body must be application/x-www-form-urlencoded");
  const twice = repeated(form);
  if (twice !== undefined) return tokenError("invalid_request", `${twice} was given more than once`);
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
