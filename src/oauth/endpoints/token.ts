/**
 * `POST /oauth2/token` (RFC 6749 section 3.2): a form-encoded body (bounded), no parameter
 * twice, the client authenticated, then the grant type's handler from the grant table. Every
 * answer is JSON, never cached, readable from any origin.
 */
import { tokenError } from "../errors.js";
import { readForm, repeated } from "../form.js";
import { authenticateClient } from "../client-auth.js";
import { preflight } from "../cors.js";
import { GRANTS } from "../grants/index.js";
import type { Endpoint } from "../hosted.js";

/** The token endpoint. */
export const token: Endpoint = async (c, hosted) => {
  // A browser app's Basic-authenticated POST is preflighted.
  if (c.req.method === "OPTIONS") return preflight();
  if (c.req.method !== "POST")
    return tokenError("invalid_request", "The token endpoint takes POST only", 405, { Allow: "POST" });
  const form = await readForm(c);
  if (form === "too-large") return tokenError("invalid_request", "The request body is too large", 413);
  if (typeof form === "string")
    return tokenError("invalid_request", "The body must be application/x-www-form-urlencoded");
  const twice = repeated(form);
  if (twice !== undefined) return tokenError("invalid_request", `${twice} was given more than once`);
  const grantType = form.get("grant_type") ?? "";
  if (grantType === "") return tokenError("invalid_request", "grant_type is required");
  const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
  if (grant === undefined)
    return tokenError("unsupported_grant_type", `grant_type ${grantType.slice(0, 64)} is not supported`);
  const client = await authenticateClient(c, hosted, form);
  if (client instanceof Response) return client;
  return grant(c, hosted, client, form);
};
