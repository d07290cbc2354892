/**
 * The PreAuthentication and PostAuthentication triggers' steps: the first before any factor is
 * checked (it may refuse the sign-in, and takes no failed attempt), the second after the last
 * factor, before any token (it may refuse them: then no token, refresh token or device is made).
 */
import type { UserPoolContext } from "../context.js";
import { hidesUsers } from "../prevent-user-existence.js";
import {
  type AuthenticationCall,
  hasTrigger,
  postAuthenticationEvent,
  preAuthenticationEvent,
  runTrigger,
} from "../triggers/index.js";
import type { Step } from "./pipeline.js";
import { type SignIn, userOf } from "./state.js";

/**
 * Before the first factor is checked, once the user is looked up. An unknown user gets the
 * trigger only from a client that hides users (`userNotFound: true`), as Cognito's; otherwise the
 * flow's own refusal follows. Also the start of the custom flow (custom-auth.ts).
 */
export const preAuthentication: Step = async (ctx, s) => {
  if (!hasTrigger(s.pool, "PreAuthentication")) return;
  const user = s.user ?? null;
  if (user === null && !hidesUsers(s.client)) return;
  await runTrigger(
    ctx,
    s.pool,
    "PreAuthentication",
    preAuthenticationEvent(ctx, call(s, true), user, s.typedName ?? s.params.USERNAME ?? ""),
  );
};

/** After the last factor, before any token (a refresh has none). */
export const postAuthentication: Step = async (ctx, s) => {
  if (s.refresh !== undefined || !hasTrigger(s.pool, "PostAuthentication")) return;
  const user = userOf(s);
  const event = postAuthenticationEvent(
    ctx,
    call(s, s.session !== undefined),
    user,
    await newDeviceUsed(ctx, s),
  );
  await runTrigger(ctx, s.pool, "PostAuthentication", event);
};

/**
 * What a trigger's event is told of the call: ClientMetadata only where the operation forwards
 * it (`forwarded`: InitiateAuth's to PreAuthentication, RespondToAuthChallenge's to the rest).
 */
function call(s: SignIn, forwarded: boolean): AuthenticationCall {
  return {
    pool: s.pool,
    client: s.client,
    headers: s.headers,
    ...(forwarded && s.clientMetadata !== undefined ? { clientMetadata: s.clientMetadata } : {}),
  };
}

/**
 * Whether the sign-in will hand out a device not seen before (new-device.ts `signInDevice`): the
 * pool remembers devices, and the DEVICE_KEY sent (if any) is not one of the user's; for a
 * hosted sign-in, the browser asked to be remembered and showed no remembered device [?].
 */
async function newDeviceUsed(ctx: UserPoolContext, s: SignIn): Promise<boolean> {
  if (s.pool.config.DeviceConfiguration == null) return false;
  if (s.hosted === true) return s.browser?.remember === true && s.deviceKey === undefined;
  if (s.deviceKey === undefined) return true;
  const user = userOf(s);
  return (await (await ctx.store()).devices.get(user.poolId, user.sub, s.deviceKey)) === null;
}
