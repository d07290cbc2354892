/**
 * The `client_credentials` grant (RFC 6749 section 4.4): a confidential app client trades its
 * own credentials for an access token naming itself, with resource-server scopes only. No ID
 * token and no refresh token; the access token is Cognito's machine-to-machine shape:
 * `{sub: client_id, token_use, scope, auth_time, iss, exp, iat, version: 2, jti, client_id}`.
 */
import type { Context } from "hono";
import type { ClientRecord } from "../../storage/index.js";
import { poolSigningKeys, validitySeconds } from "../../user-pool/sign-in/result.js";
import { signJwt } from "../../user-pool/tokens/issue.js";
import { applyChanges, overriddenScopes } from "../../user-pool/tokens/overrides.js";
import { runPreTokenGeneration } from "../../user-pool/triggers/index.js";
import { tokenError } from "../errors.js";
import type { Hosted } from "../hosted.js";
import { allowedScopes, decideScopes, liveResourceScopes, STANDARD_SCOPES } from "../scopes.js";
import { triggerFailure } from "../tokens.js";
import { type Grant, hasFlow, oauthEnabled, refusedByTrigger, tokenResponse } from "./grant.js";

/** A resource server's scope, `{identifier}/{name}`: every scope but the standard ones. */
const isCustom = (scope: string) => !STANDARD_SCOPES.includes(scope);

/**
 * The machine-to-machine access token's claims, in Cognito's order.
 *
 * @example
 * ```ts
 * clientCredentialsClaims({ issuer, clientId: "4r...", scope: "orders/read", now: 1700000000, ttlSeconds: 3600 });
 * ```
 */
export function clientCredentialsClaims(facts: {
  issuer: string;
  clientId: string;
  scope: string;
  now: number;
  ttlSeconds: number;
}): Record<string, unknown> {
  return {
    sub: facts.clientId,
    token_use: "access",
    scope: facts.scope,
    auth_time: facts.now,
    iss: facts.issuer,
    exp: facts.now + facts.ttlSeconds,
    iat: facts.now,
    version: 2,
    jti: crypto.randomUUID(),
    client_id: facts.clientId,
  };
}

/**
 * Answers a `grant_type=client_credentials` request of an authenticated client.
 *
 * - a client without a secret cannot authenticate: `invalid_client` (RFC 6749 section 4.4.2) [?];
 * - `client_credentials` not among its AllowedOAuthFlows: `unauthorized_client`;
 * - AllowedOAuthFlowsUserPoolClient off: `invalid_grant`, as Cognito answers (managed-login.md 2.2);
 * - `scope` names a standard scope or one outside AllowedOAuthScopes: `invalid_scope`; omitted:
 *   every custom scope the client is allowed (a deleted resource server's are dropped).
 */
export const clientCredentials: Grant = async (
  c: Context,
  hosted: Hosted,
  client: ClientRecord,
  form: URLSearchParams,
): Promise<Response> => {
  if (client.secret === null)
    return tokenError("invalid_client", "Client credentials require a confidential client", 401); // [?] words
  if (!hasFlow(client, "client_credentials"))
    return tokenError("unauthorized_client", "Client is not allowed the client_credentials grant"); // [?] words
  if (!oauthEnabled(client)) return tokenError("invalid_grant");
  const requested = form.get("scope");
  const names = (requested ?? "").split(" ").filter((s) => s !== "");
  const standard = names.find((scope) => !isCustom(scope));
  if (standard !== undefined)
    return tokenError("invalid_scope", `Invalid scope requested: ${standard.slice(0, 256)}`); // [?] words
  const store = await hosted.ctx.store();
  const live = await liveResourceScopes(store, hosted.pool.id);
  const decision = decideScopes(
    client,
    names.length === 0 ? allowedScopes(client).filter(isCustom).join(" ") : names.join(" "),
    live,
  );
  if ("refused" in decision) return tokenError("invalid_scope", decision.reason);
  const granted = decision.granted.filter(isCustom);
  if (granted.length === 0) return tokenError("invalid_scope", "No resource server scope was granted"); // [?] words
  const metadata = clientMetadataOf(form.get("aws_client_metadata"));
  if (metadata === null)
    return tokenError("invalid_request", "aws_client_metadata is not a JSON object of strings"); // [?] words
  let overrides: Awaited<ReturnType<typeof runPreTokenGeneration>>;
  try {
    // V3 only (runPreTokenGeneration): "TokenGeneration_ClientCredentials: Called after an M2M
    // client credentials grant. Your user pool only sends this event when your event version is V3_0" [doc].
    overrides = await runPreTokenGeneration(hosted.ctx, hosted.pool, {
      source: "TokenGeneration_ClientCredentials",
      userName: client.id, // [?] no user: the client stands for itself, as in `sub`
      clientId: client.id,
      headers: c.req.raw.headers,
      userAttributes: {},
      groups: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      scopes: granted,
      clientMetadata: metadata,
    });
  } catch (error) {
    return refusedByTrigger(triggerFailure(error));
  }
  const ttlSeconds = validitySeconds(client, "AccessToken");
  const keys = await poolSigningKeys(hosted.ctx, hosted.pool.id);
  const claims = clientCredentialsClaims({
    issuer: hosted.issuer,
    clientId: client.id,
    scope: overriddenScopes(granted.join(" "), overrides?.access),
    now: Math.floor(hosted.ctx.now() / 1000),
    ttlSeconds,
  });
  applyChanges(claims, overrides?.access, "access");
  return tokenResponse({
    access_token: await signJwt(claims, keys.access),
    expires_in: ttlSeconds,
    token_type: "Bearer",
  });
};

/**
 * `aws_client_metadata` (the token endpoint's parameter for client credentials: URL-encoded JSON
 * that becomes the trigger's `clientMetadata`): `undefined` when absent, `null` when it is not a
 * JSON object of string values.
 */
function clientMetadataOf(value: string | null): Record<string, string> | undefined | null {
  if (value === null || value === "") return undefined;
  if (value.length > 8192) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
    return Object.values(parsed).every((v) => typeof v === "string")
      ? (parsed as Record<string, string>)
      : null;
  } catch {
    return null;
  }
}
