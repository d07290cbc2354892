/**
 * Resolution: which target runs a function ARN (configuration's `triggers.functions`, by full ARN,
 * else by bare function name; else the default Lambda endpoint), and the mode that runs it. The
 * modes are given by the entry point (the module mode is Node's only), so this file stays
 * runtime-neutral.
 */
import { OptionsError } from "../../util/validate.js";
import { functionName, InvocationError, type TriggerInvoker, LAMBDA_ERROR } from "./invoker.js";
import { arnRegion, isAwsRegion } from "./lambda-invoke.js";
import type { LambdaTarget, TriggerSettings, TriggerTarget } from "./targets.js";

/** The delivery modes a runtime offers; a target whose mode is missing is refused at start. */
export interface TriggerModes {
  http(target: { url: string; secret: string }): TriggerInvoker;
  lambda(target: LambdaTarget): TriggerInvoker;
  /** Node only: a module in a worker thread. */
  module?(target: { module: string; handler: string }): TriggerInvoker;
  /** Workers only: a service binding. */
  binding?(target: { binding: string; secret?: string }): TriggerInvoker;
}

/**
 * The invoker of a configuration's `triggers`: each listed function through its mode, other ARNs
 * through `settings.lambda` when set (endpoint defaulting to the ARN's region's AWS Lambda), else
 * ResourceNotFoundException.
 *
 * @throws {OptionsError} naming `triggers.functions.<key>` when its mode is not available here.
 * @example
 * ```ts
 * const triggers = triggerInvoker(config.triggers, { http: (t) => httpInvoker({ ...t }), lambda: (t) => lambdaInvoker(t) });
 * ```
 */
export function triggerInvoker(settings: TriggerSettings, modes: TriggerModes): TriggerInvoker {
  const listed = new Map<string, TriggerInvoker>();
  for (const [key, target] of Object.entries(settings.functions))
    listed.set(key, invokerOf(target, modes, `triggers.functions.${key}`));
  const byRegion = new Map<string, TriggerInvoker>();
  const fallback = (arn: string): TriggerInvoker | undefined => {
    const lambda = settings.lambda;
    const region = arnRegion(arn);
    if (lambda === undefined || region === undefined) return undefined;
    if (!isAwsRegion(region)) return NOT_A_REGION;
    let invoker = byRegion.get(region);
    if (invoker === undefined) {
      // The ARN's own region: a function is invoked where it lives.
      invoker = modes.lambda({
        ...lambda,
        region,
        endpoint: lambda.endpoint ?? `https://lambda.${region}.amazonaws.com`,
      });
      byRegion.set(region, invoker);
    }
    return invoker;
  };
  return {
    invoke(arn, event, options) {
      const invoker = listed.get(arn) ?? listed.get(functionName(arn)) ?? fallback(arn);
      if (invoker === undefined)
        return Promise.reject(
          new InvocationError(
            LAMBDA_ERROR.NOT_FOUND,
            `no trigger function is configured for ${functionName(arn)}`,
          ),
        );
      return invoker.invoke(arn, event, options);
    },
  };
}

// An ARN whose region part could not be a region (LambdaConfig accepts `.` and `/` there, as
// Cognito does): no endpoint is built from it, and the function cannot be found.
const NOT_A_REGION: TriggerInvoker = {
  invoke: () =>
    Promise.reject(
      new InvocationError(
        LAMBDA_ERROR.NOT_FOUND,
        "the function ARN's region is not an AWS region like us-east-1",
      ),
    ),
};

function invokerOf(target: TriggerTarget, modes: TriggerModes, path: string): TriggerInvoker {
  try {
    return modeOf(target, modes, path);
  } catch (error) {
    // A mode that cannot take the target (a missing service binding) names the function.
    if (error instanceof OptionsError) throw error;
    throw new OptionsError(path, error instanceof Error ? error.message : String(error));
  }
}

function modeOf(target: TriggerTarget, modes: TriggerModes, path: string): TriggerInvoker {
  if ("module" in target) {
    if (modes.module === undefined)
      throw new OptionsError(`${path}.module`, "runs on Node only (use url, lambda or binding on Workers)");
    return modes.module(target);
  }
  if ("binding" in target) {
    if (modes.binding === undefined)
      throw new OptionsError(
        `${path}.binding`,
        "is a Workers service binding (use module, url or lambda on Node)",
      );
    return modes.binding(target);
  }
  if ("url" in target) return modes.http(target);
  return modes.lambda(target.lambda);
}
