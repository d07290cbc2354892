/**
 * Keys and discovery: `GET /{userPoolId}/.well-known/jwks.json` (the pool's public signing keys)
 * and `GET /{userPoolId}/.well-known/openid-configuration`, where `{publicUrl}/{userPoolId}` is
 * the issuer of the pool's tokens, so every standard verifier finds them. The document lists
 * the endpoints cognate serves, and no other: a pool's OAuth endpoints (authorize, token,
 * userInfo, revoke, logout) only once it has a domain, all of them under the issuer.
 */
import type { Context, Hono } from "hono";
import type { UserPoolContext } from "./context.js";
import { USER_POOL_ID } from "./ids.js";
import { NAMED } from "./messages.js";

/** How the discovery routes are mounted. */
export interface DiscoveryOptions {
  /** The public base URL (no trailing slash); default: the origin the request came to. */
  publicUrl: string | undefined;
}

/**
 * Mounts the two documents; unknown pools get 404 JSON.
 *
 * @example
 * ```ts
 * mountDiscovery(app, ctx, { publicUrl: "https://auth.example.com" });
 * // GET /us-east-1_AbCdEfGhI/.well-known/jwks.json -> {"keys":[{kty,n,e,kid,alg:"RS256",use:"sig"}, ...]}
 * ```
 */
export function mountDiscovery(app: Hono, ctx: UserPoolContext, options: DiscoveryOptions): void {
  const keysOf = async (poolId: string) => {
    const store = await ctx.store();
    if ((await store.pools.get(poolId)) === null) return undefined;
    return store.signingKeys.list(poolId);
  };
  const notFound = (c: Context, poolId: string) => c.json({ message: NAMED.poolNotFound(poolId) }, 404);

  // Paths whose first segment is no pool id fall through (to the route table, say).
  const isPoolId = (id: string) => id.length <= 55 && USER_POOL_ID.test(id);

  app.get("/:poolId/.well-known/jwks.json", async (c, next) => {
    const poolId = c.req.param("poolId");
    if (!isPoolId(poolId)) return next();
    const keys = await keysOf(poolId);
    if (keys === undefined) return notFound(c, poolId);
    return c.json({ keys: keys.map((k) => k.publicJwk) });
  });

  app.get("/:poolId/.well-known/openid-configuration", async (c, next) => {
    const poolId = c.req.param("poolId");
    if (!isPoolId(poolId)) return next();
    if ((await keysOf(poolId)) === undefined) return notFound(c, poolId);
    const base = options.publicUrl ?? new URL(c.req.url).origin;
    const issuer = `${base}/${poolId}`;
    const hasDomain = (await (await ctx.store()).domains.ofPool(poolId)).length > 0;
    // Without a domain, only what cognate serves then: the keys. OpenID Discovery requires
    // response_types_supported: the response types an authorization endpoint would give, kept so
    // that strict parsers accept the document.
    return c.json({
      issuer,
      ...(hasDomain ? oauthEndpoints(issuer) : {}),
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      response_types_supported: ["code", "token"],
      ...(hasDomain ? OAUTH_CAPABILITIES : {}),
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: hasDomain ? [...SCOPES, "aws.cognito.signin.user.admin"] : SCOPES,
      claims_supported: CLAIMS,
    });
  });
}

const SCOPES = ["openid", "email", "phone", "profile"];

const CLAIMS = [
  "sub",
  "iss",
  "aud",
  "exp",
  "iat",
  "auth_time",
  "token_use",
  "cognito:username",
  "cognito:groups",
  "email",
  "email_verified",
  "phone_number",
  "phone_number_verified",
];

// Every URL under the issuer, which answers without DNS (a pool's domain host does too).
const oauthEndpoints = (issuer: string) => ({
  authorization_endpoint: `${issuer}/oauth2/authorize`,
  token_endpoint: `${issuer}/oauth2/token`,
  userinfo_endpoint: `${issuer}/oauth2/userInfo`,
  revocation_endpoint: `${issuer}/oauth2/revoke`,
  end_session_endpoint: `${issuer}/logout`,
});

const AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"];

const OAUTH_CAPABILITIES = {
  response_modes_supported: ["query", "fragment"],
  grant_types_supported: ["authorization_code", "implicit", "refresh_token", "client_credentials"],
  code_challenge_methods_supported: ["S256"],
  token_endpoint_auth_methods_supported: AUTH_METHODS,
  revocation_endpoint_auth_methods_supported: AUTH_METHODS,
  prompt_values_supported: ["none", "login", "select_account", "consent"],
  acr_values_supported: ["mfa"],
  claims_parameter_supported: false,
  request_parameter_supported: false,
  request_uri_parameter_supported: false,
};
