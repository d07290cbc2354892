/**
 * STS: AssumeRoleWithWebIdentity over the Query protocol, for the roles of src/iam/.
 *
 * @module
 */
import type { Hono } from "hono";
import type { IdentityPoolContext } from "../identity-pool/context.js";
import { assumeRoleWithWebIdentity } from "./actions/assume-role-with-web-identity.js";
import { isStsCall } from "./route.js";
import { stsService } from "./service.js";

export { STS_NAMESPACE, STS_VERSION, stsService, type StsAction, type StsCall } from "./service.js";

/**
 * Mounts STS at `/`, beside the JSON services: a request whose query or form body names one of its
 * actions goes to it (see `isStsCall`).
 *
 * @example
 * ```ts
 * mountSts(app, identityPoolContext(userPools));
 * ```
 */
export function mountSts(app: Hono, ctx: IdentityPoolContext): void {
  const actions = { AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity(ctx) };
  const names = new Set(Object.keys(actions));
  const sts = stsService(actions);
  app.on(["GET", "POST"], "/", async (c, next) =>
    (await isStsCall(c.req.raw, names)) ? sts.fetch(c.req.raw) : next(),
  );
}
