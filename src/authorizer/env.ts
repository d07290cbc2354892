import type { EvaluationResult } from "../policy/types.js";
import type { Principal } from "./principal.js";

/** The context variables `authorizer()` sets, for `new Hono<AuthorizerEnv>()`. */
export type AuthorizerEnv = { Variables: { principal: Principal; policyDecision: EvaluationResult } };

declare module "hono" {
  interface ContextVariableMap {
    /** Set by `authorizer()`: who the request's bearer token (or, with `iam`, its signature) speaks for. */
    principal: Principal;
    /** Set by `authorizer()` with `policies` (and always with `iam`): the decision and its explanation (see `explain`). */
    policyDecision: EvaluationResult;
  }
}
