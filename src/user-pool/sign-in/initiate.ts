/**
 * The body InitiateAuth and AdminInitiateAuth share: which flow, whether the client allows it,
 * SECRET_HASH, and the flow's first step.
 */
import { InvalidParameterException } from "../../protocol/json/index.js";
import type { UserPoolContext } from "../context.js";
import { checkAddress } from "../risk/sign-in.js";
import { checkSecretHash, hidesUsers, requireFlow } from "./client.js";
import { checkDeviceKey } from "./device-srp.js";
import { param } from "../auth-params.js";
import { passwordSignIn, type SignInStep } from "./password.js";
import { refreshSignIn } from "./refresh.js";
import { startSrp } from "./srp.js";
import { checkCanTry, findSignInUser, unknownUser } from "./user.js";

// The flows each operation takes, and the ALLOW_ flag each needs.
const USER_FLOWS: Record<string, string> = {
  USER_SRP_AUTH: "ALLOW_USER_SRP_AUTH",
  USER_PASSWORD_AUTH: "ALLOW_USER_PASSWORD_AUTH",
  REFRESH_TOKEN_AUTH: "ALLOW_REFRESH_TOKEN_AUTH",
  REFRESH_TOKEN: "ALLOW_REFRESH_TOKEN_AUTH",
};
const ADMIN_FLOWS: Record<string, string> = {
  USER_SRP_AUTH: "ALLOW_USER_SRP_AUTH",
  ADMIN_USER_PASSWORD_AUTH: "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  ADMIN_NO_SRP_AUTH: "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  REFRESH_TOKEN_AUTH: "ALLOW_REFRESH_TOKEN_AUTH",
  REFRESH_TOKEN: "ALLOW_REFRESH_TOKEN_AUTH",
};

/**
 * Runs the first step of `flow`.
 *
 * @throws {InvalidParameterException} for a flow this operation or cognate does not take, or one
 *   the client does not allow.
 * @example
 * ```ts
 * return initiate(ctx, { pool, client, requestUrl: call.request.url }, input.AuthFlow, input.AuthParameters, "user");
 * ```
 */
export async function initiate(
  ctx: UserPoolContext,
  step: SignInStep,
  flow: string,
  params: Record<string, string> | undefined,
  caller: "user" | "admin",
): Promise<Record<string, unknown>> {
  const allow = (caller === "user" ? USER_FLOWS : ADMIN_FLOWS)[flow];
  if (allow === undefined && (caller === "user" ? ADMIN_FLOWS : USER_FLOWS)[flow] !== undefined)
    throw new InvalidParameterException("Initiate Auth method not supported."); // [obs]
  if (allow === undefined) throw new InvalidParameterException(`Unsupported auth flow: ${flow}`); // CUSTOM_AUTH, USER_AUTH: not yet
  requireFlow(step.client, allow, flow);
  if (allow === "ALLOW_REFRESH_TOKEN_AUTH")
    return refreshSignIn(ctx, step, param(params, "REFRESH_TOKEN"), { secretHash: params?.SECRET_HASH });

  const username = param(params, "USERNAME");
  if (flow === "USER_SRP_AUTH") {
    const srpA = param(params, "SRP_A");
    const user = await findSignInUser(ctx, step.pool, username);
    await checkSecretHash(
      step.client,
      params?.SECRET_HASH,
      user === null ? [username] : [username, user.username],
    );
    if (user === null && !hidesUsers(step.client)) throw unknownUser(false);
    // Hiding users, a disabled one gets a real challenge: the answer says so once the password is proven.
    if (user !== null) checkCanTry(user, ctx.now(), hidesUsers(step.client));
    await checkAddress(ctx, step.pool, step.client.id, step.sourceIp, user);
    return startSrp(ctx, {
      pool: step.pool,
      clientId: step.client.id,
      user,
      typedUsername: username,
      srpA,
      ...(step.seen === undefined ? {} : { seen: step.seen }),
    });
  }
  const password = param(params, "PASSWORD");
  const user = await findSignInUser(ctx, step.pool, username);
  await checkSecretHash(
    step.client,
    params?.SECRET_HASH,
    user === null ? [username] : [username, user.username],
  );
  const risk = await checkAddress(ctx, step.pool, step.client.id, step.sourceIp, user);
  await checkDeviceKey(ctx, step.pool.id, params?.DEVICE_KEY);
  return passwordSignIn(
    ctx,
    { ...step, risk, deviceKey: params?.DEVICE_KEY || undefined },
    user,
    password,
    username,
  );
}
