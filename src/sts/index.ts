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
 * Mounts STS at `POST /`, beside the JSON services: a form naming one of its actions goes to it.
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
  app.post("/", async (c, next) => ((await isStsCall(c.req.raw, names)) ? sts.fetch(c.req.raw) : next()));
}
