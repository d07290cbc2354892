/**
 * The hosted UI and the OAuth 2.0 / OpenID Connect authorization server of the user pools. A
 * pool's endpoints answer once it has a domain, in two places:
 *
 * - under the issuer, `{publicUrl}/{userPoolId}/oauth2/authorize` and so on, which needs no DNS;
 * - on the domain's host: a custom domain by its exact `Host`, a prefix domain as
 *   `{prefix}.{domainSuffix}`, with Cognito's own paths (`/oauth2/authorize`, `/login`, ...).
 *
 * Requests that name no pool with a domain fall through (to the route table, say).
 */
import type { Context, Hono, Next } from "hono";
import type { UserPoolContext } from "../user-pool/index.js";
import { USER_POOL_ID } from "../user-pool/ids.js";
import { ENDPOINTS } from "./endpoints.js";
import type { Endpoint, Hosted, HostedUiOptions } from "./hosted.js";
import { secured } from "./security-headers.js";

export type { Hosted, HostedUiOptions } from "./hosted.js";

/** A prefix is one DNS label; a custom domain is a host name (matched exactly, lower-cased). */
const HOST_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Mounts every endpoint of ./endpoints.ts under `/:poolId` and by host.
 *
 * @example
 * ```ts
 * mountHostedUi(app, ctx, { publicUrl: "https://auth.example.com", domainSuffix: "auth.example.com", scheme });
 * // GET https://auth.example.com/us-east-1_AbC/oauth2/authorize?...  and  GET https://my-app.auth.example.com/oauth2/authorize?...
 * ```
 */
export function mountHostedUi(app: Hono, ctx: UserPoolContext, options: HostedUiOptions): void {
  const suffix = `.${options.domainSuffix.toLowerCase().replace(/^\.+/, "")}`;

  const hostedIn = (c: Context, pool: Hosted["pool"], base: string): Hosted => {
    const origin = options.publicUrl ?? new URL(c.req.url).origin;
    return { ctx, pool, issuer: `${origin}/${pool.id}`, base, https: options.scheme(c) === "https", options };
  };
  const hostedFor = async (c: Context, poolId: string, base: string): Promise<Hosted | undefined> => {
    const pool = await (await ctx.store()).pools.get(poolId);
    return pool === null ? undefined : hostedIn(c, pool, base);
  };

  // Under the issuer: the pool must exist and hold a domain.
  const byPath = async (c: Context): Promise<Hosted | undefined> => {
    const poolId = c.req.param("poolId") ?? "";
    if (poolId.length > 55 || !USER_POOL_ID.test(poolId)) return undefined;
    const pool = await (await ctx.store()).pools.getHosted(poolId);
    return pool === null ? undefined : hostedIn(c, pool, `/${poolId}`);
  };

  // By host: the Host header picks a pool (it never names an issuer or a redirect).
  const byHost = async (c: Context): Promise<Hosted | undefined> => {
    const host = (c.req.header("host") ?? "").toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
    if (host.length === 0 || host.length > 253 || !HOST_NAME.test(host)) return undefined;
    const store = await ctx.store();
    const custom = await store.domains.get(host);
    if (custom !== null && custom.kind === "custom") return hostedFor(c, custom.poolId, "");
    if (!host.endsWith(suffix)) return undefined;
    const prefix = host.slice(0, -suffix.length);
    if (prefix.includes(".")) return undefined;
    const domain = await store.domains.get(prefix);
    return domain !== null && domain.kind === "prefix" ? hostedFor(c, domain.poolId, "") : undefined;
  };

  const serve =
    (resolve: (c: Context) => Promise<Hosted | undefined>, handler: Endpoint) =>
    async (c: Context, next: Next) => {
      const hosted = await resolve(c);
      if (hosted === undefined) return next();
      return secured(await handler(c, hosted));
    };

  for (const { methods, path, handler } of ENDPOINTS) {
    app.on([...methods], `/:poolId${path}`, serve(byPath, handler));
    app.on([...methods], path, serve(byHost, handler));
  }
}
