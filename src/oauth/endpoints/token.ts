/**
 * `POST /oauth2/token` (RFC 6749 section 3.2): a form-encoded body (bounded), no parameter
 * twice, the client authenticated, then the grant type's handler from the grant table. Every
 * answer is JSON, never cached, readable from any origin.
 */
import { authenticateClient } from "../client-auth.js";
import { clientForm } from "../client-form.js";
import { tokenError } from "../errors.js";
import { GRANTS } from "../grants/index.js";
import type { Endpoint } from "../hosted.js";

/** The token endpoint. */
export const token: Endpoint = async (c, hosted) => {
  const form = await clientForm(c, "token");
  if (form instanceof Response) return form;
  const grantType = form.get("grant_type") ?? "";
  if (grantType === "") return tokenError("invalid_request", "grant_type is required");
  const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
  if (grant === undefined)
    return tokenError("unsupported_grant_type", `grant_type ${grantType.slice(0, 64)} is not supported`);
  const client = await authenticateClient(c, hosted, form);
  if (client instanceof Response) return client;
  return grant(c, hosted, client, form);
};
