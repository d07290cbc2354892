/**
 * Runs one of a pool's triggers and answers in Cognito's words when it fails: the function's own
 * error is UserLambdaValidationException ("PreSignUp failed with error <message>."), an answer
 * that is not an event InvalidLambdaResponseException, and a function that cannot be run to an
 * answer UnexpectedLambdaException. Each invocation has 5 seconds; a failure to invoke that
 * Cognito retries (throttling, a 5xx, a refused connection) is tried again, three attempts at most,
 * within the same 5 seconds. The custom senders are invoked in the background, answering nothing.
 */
import {
  InvalidLambdaResponseException,
  UnexpectedLambdaException,
  UserLambdaValidationException,
} from "../../protocol/json/index.js";
import type { PoolRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { MESSAGES } from "../messages.js";
import { BACKGROUND } from "./background.js";
import { FunctionError, InvocationError, LAMBDA_ERROR, timedOut, type TriggerEvent } from "./invoker.js";

/** The triggers of `LambdaConfig`, by the name Cognito's messages use. */
export type TriggerName =
  | "PreSignUp"
  | "CustomMessage"
  | "PostConfirmation"
  | "PreAuthentication"
  | "PostAuthentication"
  | "DefineAuthChallenge"
  | "CreateAuthChallenge"
  | "VerifyAuthChallengeResponse"
  | "PreTokenGeneration"
  | "UserMigration"
  | "CustomSMSSender"
  | "CustomEmailSender";

/** InvalidLambdaResponseException "Unrecognizable lambda output": an answer Cognito cannot read. */
export const unrecognizableOutput = (): Error =>
  new InvalidLambdaResponseException(MESSAGES.unrecognizableLambdaOutput);

const ATTEMPTS = 3;

type Settings = Record<string, unknown>;
const obj = (value: unknown): Settings =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Settings) : {};

/**
 * The function ARN the pool runs for `name`, or `undefined` when it has none.
 * `PreTokenGenerationConfig.LambdaArn` stands before `PreTokenGeneration`; the custom senders
 * are `{ LambdaArn, LambdaVersion }`.
 */
export function triggerArn(pool: PoolRecord, name: TriggerName): string | undefined {
  const config = obj(pool.config.LambdaConfig);
  const value =
    name === "PreTokenGeneration"
      ? (obj(config.PreTokenGenerationConfig).LambdaArn ?? config.PreTokenGeneration)
      : name === "CustomSMSSender" || name === "CustomEmailSender"
        ? obj(config[name]).LambdaArn
        : config[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * The pre token generation event version the pool asks for: "1", "2" or "3"
 * (`PreTokenGenerationConfig.LambdaVersion` V1_0, V2_0, V3_0; V1_0 without one).
 */
export function preTokenGenerationVersion(pool: PoolRecord): "1" | "2" | "3" {
  const version = obj(obj(pool.config.LambdaConfig).PreTokenGenerationConfig).LambdaVersion;
  return version === "V3_0" ? "3" : version === "V2_0" ? "2" : "1";
}

/** Whether the pool runs a trigger for `name`. */
export function hasTrigger(pool: PoolRecord, name: TriggerName): boolean {
  return triggerArn(pool, name) !== undefined;
}

/**
 * Invokes the pool's `name` trigger with `event` and answers the event it returned, its
 * `response` an object; `undefined` when the pool has no such trigger (the caller goes on as
 * without it). What the response's members mean is the caller's to check.
 *
 * @throws {UserLambdaValidationException} when the function failed.
 * @throws {InvalidLambdaResponseException} when it answered anything but an event.
 * @throws {UnexpectedLambdaException} when it could not be run to an answer (unknown, unreachable, timed out).
 * @example
 * ```ts
 * const answered = await runTrigger(ctx, pool, "PreSignUp", triggerEvent(ctx, pool, "PreSignUp_SignUp", ...));
 * if (answered?.response.autoConfirmUser === true) ...
 * ```
 */
export async function runTrigger(
  ctx: UserPoolContext,
  pool: PoolRecord,
  name: TriggerName,
  event: TriggerEvent,
): Promise<TriggerEvent | undefined> {
  const arn = triggerArn(pool, name);
  if (arn === undefined) return undefined;
  const returned = await invokeWithRetries(ctx, arn, name, event, false);
  return answeredEvent(returned);
}

/**
 * Invokes a custom sender (CustomSMSSender, CustomEmailSender) as Cognito does, asynchronously
 * ("custom senders are asynchronous", cognito-user-pools.md §7): the caller's answer never waits
 * for the sender, nor fails with it. The invocation (its retries within its deadline, as any
 * trigger's) is handed to `background`, the request's (workerd's `waitUntil`), or, without one,
 * runs on; its failure is logged by its type only, never the event or its code. It takes a place
 * in the process's bound on background work ({@link BACKGROUND}: 64 running, 1,000 waiting, its
 * deadline counted from when it starts); beyond, it is dropped and logged, the call unaffected.
 * `false` when the pool has no such trigger, else `true` at once.
 *
 * @example
 * ```ts
 * await sendThroughTrigger(ctx, pool, "CustomEmailSender", event, request.background);
 * ```
 */
export async function sendThroughTrigger(
  ctx: UserPoolContext,
  pool: PoolRecord,
  name: "CustomSMSSender" | "CustomEmailSender",
  event: TriggerEvent,
  background?: (work: Promise<unknown>) => void,
): Promise<boolean> {
  const arn = triggerArn(pool, name);
  if (arn === undefined) return false;
  const work = BACKGROUND.run(`${name} (asynchronous invocation)`, () =>
    invokeWithRetries(ctx, arn, name, event, true),
  );
  background?.(work);
  return true;
}

async function invokeWithRetries(
  ctx: UserPoolContext,
  arn: string,
  name: TriggerName,
  event: TriggerEvent,
  async: boolean,
): Promise<unknown> {
  const deadline = Date.now() + ctx.triggerTimeoutMs;
  const signal = AbortSignal.timeout(ctx.triggerTimeoutMs);
  for (let attempt = 1; ; attempt++) {
    try {
      // Each attempt gets its own copy: a handler that edits the event in place (Lambda's idiom)
      // must not see a failed attempt's edits.
      return await ctx.triggers.invoke(arn, structuredClone(event), { signal, deadline, async });
    } catch (error) {
      if (error instanceof FunctionError)
        throw new UserLambdaValidationException(`${name} failed with error ${error.message}.`);
      const failure =
        error instanceof InvocationError
          ? error
          : signal.aborted
            ? timedOut()
            : new InvocationError(LAMBDA_ERROR.SERVICE, "the invocation failed", false, { cause: error });
      if (failure.retryable && attempt < ATTEMPTS && !signal.aborted) continue;
      throw new UnexpectedLambdaException(`${name} invocation failed due to error ${failure.type}.`, {
        cause: failure,
      });
    }
  }
}

function answeredEvent(returned: unknown): TriggerEvent {
  if (typeof returned !== "object" || returned === null || Array.isArray(returned))
    throw unrecognizableOutput();
  const event = returned as TriggerEvent;
  const response = event.response ?? {};
  if (typeof response !== "object" || response === null || Array.isArray(response))
    throw unrecognizableOutput();
  return { ...event, response };
}

/**
 * Refuses a response member of the wrong type: InvalidLambdaResponseException, as Cognito
 * answers a response it cannot read. `undefined` and `null` are "not set".
 *
 * @example
 * ```ts
 * const autoConfirm = responseField(answered.response, "autoConfirmUser", "boolean");
 * ```
 */
export function responseField<T extends "boolean" | "string" | "object">(
  response: Record<string, unknown>,
  field: string,
  type: T,
): (T extends "boolean" ? boolean : T extends "string" ? string : Record<string, unknown>) | undefined {
  const value = response[field];
  if (value === undefined || value === null) return undefined;
  const ok = type === "object" ? typeof value === "object" && !Array.isArray(value) : typeof value === type;
  if (!ok) throw unrecognizableOutput();
  return value as never;
}
