/**
 * The PostConfirmation trigger (AWS: "Post confirmation Lambda trigger"): fired once a user is
 * confirmed (ConfirmSignUp, AdminConfirmSignUp, a PreSignUp auto-confirmation) or has reset their
 * password (ConfirmForgotPassword).
 */
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { type TriggerCall, triggerEvent, userAttributesOf } from "./event.js";
import { runTrigger } from "./run.js";

/**
 * Runs the pool's PostConfirmation trigger for `user` as it is after the confirmation
 * (`userAttributes` with `sub`, `cognito:user_status` and the verified flags); its answer changes
 * nothing.
 *
 * Cognito's known behaviour, followed here: the trigger runs after the confirmation is written,
 * and its failure does not undo it. The call answers the trigger's error
 * (UserLambdaValidationException "PostConfirmation failed with error ..."), yet the user stays
 * confirmed (or keeps the new password): a retried ConfirmSignUp then answers that the user is
 * already CONFIRMED.
 *
 * @throws {UserLambdaValidationException | InvalidLambdaResponseException | UnexpectedLambdaException} as runTrigger.
 * @example
 * ```ts
 * await postConfirmation(ctx, pool, "PostConfirmation_ConfirmSignUp", confirmed, { clientId, headers }, input.ClientMetadata);
 * ```
 */
export async function postConfirmation(
  ctx: UserPoolContext,
  pool: PoolRecord,
  source: "PostConfirmation_ConfirmSignUp" | "PostConfirmation_ConfirmForgotPassword",
  user: UserRecord,
  call: TriggerCall,
  clientMetadata: Record<string, string> | undefined,
): Promise<void> {
  const request = {
    userAttributes: userAttributesOf(pool, user),
    ...(clientMetadata !== undefined ? { clientMetadata } : {}),
  };
  await runTrigger(
    ctx,
    pool,
    "PostConfirmation",
    triggerEvent(ctx, pool, source, user.username, call, request),
  );
}
