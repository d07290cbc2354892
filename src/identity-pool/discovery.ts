/**
 * The identity service's keys and discovery document, where every OpenID verifier looks for them:
 * `{issuer}/.well-known/jwks_uri` (Cognito Identity's own path) and
 * `{issuer}/.well-known/openid-configuration`, the issuer being the public URL.
 */
import type { Hono } from "hono";
import type { IdentityPoolContext } from "./context.js";
import { openIdDiscovery, openIdJwks } from "./openid-token.js";

/**
 * Mounts the two documents. The key is made on first use, so the keys are published before the
 * first token is signed; without a master key the key set is empty.
 *
 * @example
 * ```ts
 * mountIdentityDiscovery(app, identityPoolContext(userPools));
 * ```
 */
export function mountIdentityDiscovery(app: Hono, ctx: IdentityPoolContext): void {
  app.get("/.well-known/jwks_uri", async (c) => {
    const ready = await ctx.signingKey().then(
      () => true,
      () => false,
    );
    const keys = ready ? await ctx.identityKeys() : [];
    return c.json(openIdJwks(keys), 200, {
      "cache-control": "public, max-age=300",
    });
  });
  app.get("/.well-known/openid-configuration", (c) =>
    c.json(openIdDiscovery(ctx.issuer(c.req.url)), 200, { "cache-control": "public, max-age=3600" }),
  );
}
