/**
 * The PreSignUp trigger (AWS: "Pre sign-up Lambda trigger"): its event, and what its answer may
 * change of the user about to be created.
 */
import { InvalidParameterException } from "../../protocol/json/index.js";
import type { PoolRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { aliasesFor } from "../users/aliases.js";
import { type TriggerCall, triggerEvent } from "./event.js";
import { responseField, runTrigger } from "./run.js";

/** Where the user comes from: SignUp, AdminCreateUser, or a federated first sign-in. */
export type PreSignUpSource = "PreSignUp_SignUp" | "PreSignUp_AdminCreateUser" | "PreSignUp_ExternalProvider";

/** The trigger's answer, its defaults all `false`. */
export interface PreSignUpAnswer {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
  autoVerifyPhone: boolean;
}

const NOTHING: PreSignUpAnswer = { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };

/**
 * Runs the pool's PreSignUp trigger, before anything of the user is written: a failure leaves no
 * user, alias or code behind. `userAttributes` are the attributes given (or mapped from the
 * provider); `validationData` the call's ValidationData as a map, `null` without one;
 * `clientMetadata` the call's ClientMetadata, when it sent one. Without the trigger, all `false`.
 *
 *
 * @throws {UserLambdaValidationException | InvalidLambdaResponseException | UnexpectedLambdaException} as runTrigger.
 * @example
 * ```ts
 * const answer = await preSignUp(ctx, pool, "PreSignUp_SignUp", internal, { clientId, headers }, { userAttributes, validationData: null });
 * ```
 */
export async function preSignUp(
  ctx: UserPoolContext,
  pool: PoolRecord,
  source: PreSignUpSource,
  userName: string,
  call: TriggerCall,
  request: {
    userAttributes: Record<string, string>;
    validationData: Record<string, string> | null;
    clientMetadata?: Record<string, string> | undefined;
  },
): Promise<PreSignUpAnswer> {
  const { clientMetadata, ...rest } = request;
  const event = triggerEvent(
    ctx,
    pool,
    source,
    userName,
    call,
    { ...rest, ...(clientMetadata !== undefined ? { clientMetadata } : {}) },
    { ...NOTHING },
  );
  const answered = await runTrigger(ctx, pool, "PreSignUp", event);
  if (answered === undefined) return { ...NOTHING };
  const answer: PreSignUpAnswer = {
    autoConfirmUser: responseField(answered.response, "autoConfirmUser", "boolean") ?? false,
    autoVerifyEmail: responseField(answered.response, "autoVerifyEmail", "boolean") ?? false,
    autoVerifyPhone: responseField(answered.response, "autoVerifyPhone", "boolean") ?? false,
  };
  return answer;
}

/**
 * The attributes with the verified flags the answer sets, where the caller applies them (SignUp,
 * a federated first sign-in). "If autoVerifyEmail is set to true, the email attribute must have a
 * valid, non-null value. Otherwise an error will occur and the user will not be able to complete
 * sign-up" (and so for autoVerifyPhone and phone_number).
 *
 * @throws {InvalidParameterException} when a flag asks to verify an attribute the user lacks.
 */
export function autoVerified(
  attributes: Record<string, string>,
  answer: PreSignUpAnswer,
): Record<string, string> {
  if (answer.autoVerifyEmail && !attributes.email)
    throw new InvalidParameterException("Cannot auto verify email: the user has no email attribute."); // [?] words
  if (answer.autoVerifyPhone && !attributes.phone_number)
    throw new InvalidParameterException(
      "Cannot auto verify phone_number: the user has no phone_number attribute.",
    ); // [?] words
  return {
    ...attributes,
    ...(answer.autoVerifyEmail ? { email_verified: "true" } : {}),
    ...(answer.autoVerifyPhone ? { phone_number_verified: "true" } : {}),
  };
}

/**
 * The aliases the answer's verification gives a new user beyond those it has anyway (an email or
 * phone alias made verified by autoVerifyEmail / autoVerifyPhone): the create takes them from
 * whoever holds them, in the same batch as the user (`users.create`'s `moved`). "If an alias with
 * that email address already exists, the alias will be moved to the new user and the previous
 * user's email address will be marked as unverified" (Pre sign-up Lambda trigger, autoVerifyEmail;
 * so for the phone number).
 */
export function autoVerifiedAliases(
  pool: PoolRecord,
  given: Record<string, string>,
  verified: Record<string, string>,
): Record<string, string> {
  const before = aliasesFor(pool, given);
  return Object.fromEntries(
    Object.entries(aliasesFor(pool, verified)).filter(([name]) => before[name] === undefined),
  );
}
