/**
 * cognate's IAM-style policy engine: pure (no I/O, no clock of its own), runtime-neutral.
 *
 * @example
 * ```ts
 * import { evaluate, explain, parsePolicy } from "cognate/policy";
 *
 * const policy = parsePolicy(await (await fetch(url)).text(), "orders.json");
 * const result = evaluate([policy], { action: "execute-api:Invoke", resource, context });
 * if (result.decision !== "Allow") console.log(explain(result).join("\n"));
 * ```
 *
 * @module
 */
export { type EvaluateOptions, evaluate, type Policies, type PolicySet } from "./evaluate.js";
export { explain, statementLabel } from "./explain.js";
export { PolicyError } from "./errors.js";
export { parsePolicy } from "./parse.js";
export type { Fold } from "./pattern.js";
export type * from "./types.js";
