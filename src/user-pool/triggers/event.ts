/**
 * Cognito's trigger event envelope (cognito-user-pools.md §7): `version`, `triggerSource`,
 * `region`, `userPoolId`, `userName`, `callerContext`, `request`, `response`; and the
 * `userAttributes` a user shows in it.
 */
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import type { TriggerEvent } from "./invoker.js";

/** `callerContext.clientId` of a call made by no app client (AdminCreateUser, admin operations). */
export const NO_CLIENT_ID = "CLIENT_ID_NOT_APPLICABLE";

/** What a trigger's caller knows of the call. */
export interface TriggerCall {
  /** The app client the call came through; none for admin calls without one. */
  clientId?: string | undefined;
  /** The request's headers: `callerContext.awsSdkVersion` is read from the User-Agent. */
  headers?: Headers | undefined;
}

/**
 * Builds the envelope of one trigger event.
 *
 * @example
 * ```ts
 * const event = triggerEvent(ctx, pool, "PreSignUp_SignUp", "alice", { clientId, headers }, { userAttributes, validationData: {} },
 *   { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false });
 * ```
 */
export function triggerEvent(
  ctx: UserPoolContext,
  pool: PoolRecord,
  triggerSource: string,
  userName: string,
  call: TriggerCall,
  request: Record<string, unknown>,
  response: Record<string, unknown> = {},
  version = "1",
): TriggerEvent {
  return {
    version,
    triggerSource,
    region: ctx.region,
    userPoolId: pool.id,
    userName,
    callerContext: {
      awsSdkVersion: sdkVersionOf(call.headers),
      clientId: call.clientId ?? NO_CLIENT_ID,
    },
    request,
    response,
  };
}

/**
 * `callerContext.awsSdkVersion`: the AWS SDK the User-Agent names (`aws-sdk-js/3.700.0` gives
 * `aws-sdk-js-3.700.0`), else Cognito's `aws-sdk-unknown-unknown`.
 */
export function sdkVersionOf(headers: Headers | undefined): string {
  const agent = headers?.get("user-agent") ?? "";
  const match = /\b(aws-sdk-[a-z]+)\/([0-9][0-9A-Za-z.-]{0,31})/.exec(agent);
  return match === null ? "aws-sdk-unknown-unknown" : `${match[1]}-${match[2]}`;
}

/**
 * A user's `request.userAttributes` as Cognito shows them: every attribute as a string, `sub`,
 * and `cognito:user_status`; `cognito:email_alias` / `cognito:phone_number_alias` when the
 * verified address is an alias.
 */
export function userAttributesOf(pool: PoolRecord, user: UserRecord): Record<string, string> {
  const attributes: Record<string, string> = { sub: user.sub, ...user.attributes };
  attributes.sub = user.sub;
  const aliases = Array.isArray(pool.config.AliasAttributes) ? (pool.config.AliasAttributes as string[]) : [];
  for (const name of ["email", "phone_number"] as const) {
    const value = user.attributes[name];
    if (aliases.includes(name) && value && user.attributes[`${name}_verified`] === "true")
      attributes[`cognito:${name}_alias`] = value;
  }
  attributes["cognito:user_status"] = user.status;
  return attributes;
}
