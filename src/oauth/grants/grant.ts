/** What a grant of the token endpoint is, and how it answers (RFC 6749 section 5.1). */
import type { Context } from "hono";
import type { AwsError } from "../../protocol/json/index.js";
import type { ClientRecord } from "../../storage/index.js";
import { tokenError } from "../errors.js";
import type { Hosted } from "../hosted.js";

/**
 * A grant type's handler: the client is authenticated, the form read (no parameter repeated);
 * it answers with {@link tokenResponse} or a `tokenError`.
 */
export type Grant = (
  c: Context,
  hosted: Hosted,
  client: ClientRecord,
  form: URLSearchParams,
) => Promise<Response>;

/**
 * A successful token response: JSON, never cached (RFC 6749 section 5.1), readable from any
 * origin as Cognito's token endpoint is.
 *
 * @example
 * ```ts
 * return tokenResponse({ access_token, expires_in: 3600, token_type: "Bearer" });
 * ```
 */
export function tokenResponse(body: object): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: {
      "Content-Type": "application/json;charset=UTF-8",
      "Cache-Control": "no-store",
      Pragma: "no-cache",
      "Access-Control-Allow-Origin": "*",
    },
  });
}

/** Whether the client may use OAuth at all (`AllowedOAuthFlowsUserPoolClient`). */
export function oauthEnabled(client: ClientRecord): boolean {
  return client.config.AllowedOAuthFlowsUserPoolClient === true;
}

/** Whether the client has this OAuth flow (`code`, `implicit`, `client_credentials`). */
export function hasFlow(client: ClientRecord, flow: string): boolean {
  const flows = client.config.AllowedOAuthFlows;
  return Array.isArray(flows) && flows.includes(flow);
}

/**
 * The token endpoint's answer when the PreTokenGeneration trigger failed: no token, and the
 * trigger's message (Cognito's "PreTokenGeneration failed with error ...") as the description
 * [?: the OAuth error code Cognito's token endpoint gives is unobserved].
 */
export function refusedByTrigger(error: AwsError): Response {
  return tokenError("invalid_request", error.message);
}
