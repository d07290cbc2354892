/**
 * Keys and discovery: `GET /{userPoolId}/.well-known/jwks.json` (the pool's public signing keys)
 * and `GET /{userPoolId}/.well-known/openid-configuration`, where `{publicUrl}/{userPoolId}` is
 * the issuer of the pool's tokens, so every standard verifier finds them. The document lists
 * the endpoints cognate serves, and no other.
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
    // Only what cognate serves: no /oauth2/* endpoint (authorize, token, userInfo, revoke) and
    // nothing about them until the hosted UI brings them, so a client reading this document never
    // follows a URL that answers 404. OpenID Discovery requires response_types_supported: the
    // response types an authorization endpoint would give, kept so that strict parsers accept it.
    return c.json({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      response_types_supported: ["code", "token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid", "email", "phone", "profile"],
      claims_supported: [
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
      ],
    });
  });
}
