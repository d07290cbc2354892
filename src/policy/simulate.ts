import { evaluate } from "./evaluate.js";
import { explain, statementLabel } from "./explain.js";
import type { ContextValue, Decision, Policy, RequestContext } from "./types.js";

/** One simulation, as IAM's SimulateCustomPolicy takes it: policies, one action, resources, context. */
export interface SimulationInput {
  policies: readonly Policy[];
  resourcePolicy?: Policy;
  actions: readonly string[];
  resources: readonly string[];
  context?: RequestContext;
}

/** One (action, resource) pair's result, shaped after IAM's `EvaluationResult`. */
export interface SimulationResult {
  action: string;
  resource: string;
  decision: Decision;
  /** `file Statement[i] (Sid "...")` of each statement that decided. */
  matchedStatements: string[];
  /** The decision in words: see `explain`. */
  explanation: string[];
}

/**
 * What IAM's SimulateCustomPolicy does, for every action on every resource: the decision and
 * why. Shared by `cognate policy simulate` and the admin endpoint.
 *
 * @example
 * ```ts
 * simulate({ policies: [policy], actions: ["execute-api:Invoke"], resources: [arn], context: { "aws:SourceIp": "203.0.113.7" } });
 * // [{ action, resource, decision: "Allow", matchedStatements: ["read.json Statement[0]"], explanation: [...] }]
 * ```
 */
export function simulate(input: SimulationInput): SimulationResult[] {
  const policies =
    input.resourcePolicy === undefined
      ? input.policies
      : { identity: input.policies, resource: input.resourcePolicy };
  const results: SimulationResult[] = [];
  for (const action of input.actions) {
    for (const resource of input.resources) {
      const result = evaluate(policies, { action, resource, context: input.context });
      results.push({
        action,
        resource,
        decision: result.decision,
        matchedStatements: result.statements.map(statementLabel),
        explanation: explain(result, { action, resource }),
      });
    }
  }
  return results;
}

/**
 * Parses `key=value` context entries (the CLI's `--context`); a key given twice becomes multivalued.
 * Returns the problem as a string when an entry has no `=` or an empty key.
 */
export function parseContextEntries(entries: readonly string[]): RequestContext | string {
  const context: Record<string, ContextValue> = {};
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    if (eq <= 0) return `context entry ${JSON.stringify(entry)} must be key=value`;
    const key = entry.slice(0, eq);
    const value = entry.slice(eq + 1);
    const seen = context[key];
    context[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen as string]), value];
  }
  return context;
}
