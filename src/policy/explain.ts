import type { EvaluationResult, Statement, StatementResult } from "./types.js";
import { AGAINST_THE_CALLER } from "./unresolved.js";

/** `read-only.json Statement[1] (Sid "Orders")`: where a statement was written. */
export function statementLabel(statement: Statement): string {
  const sid = statement.sid === undefined ? "" : ` (Sid "${statement.sid}")`;
  return `${statement.policy.source} Statement[${statement.index}]${sid}`;
}

function whyNot(result: StatementResult): string {
  const s = result.statement;
  if (!result.action) return `${s.action.not ? "NotAction" : "Action"} does not match`;
  if (!result.resource) {
    const element = s.resource.not ? "NotResource" : "Resource";
    if (result.unresolved.length === 0) return `${element} does not match`;
    if (s.resource.not && result.unresolved.some((u) => u.endsWith(`${AGAINST_THE_CALLER})`)))
      return `NotResource is decided against the caller because of a policy variable: ${result.unresolved.join("; ")}`;
    if (s.resource.not)
      return `NotResource cannot be decided, a policy variable is unresolved: ${result.unresolved.join("; ")}`;
    return `Resource does not match because of a policy variable: ${result.unresolved.join("; ")}`;
  }
  if (!result.principal) return `${s.principal?.not ? "NotPrincipal" : "Principal"} does not match`;
  return result.conditions
    .filter((c) => !c.matched)
    .map((c) => `${c.clause.operator} failed: ${c.reason}`)
    .join("; ");
}

/**
 * The decision in words, one line per statement that counted: which statement allowed or denied,
 * and for the statements that did not apply although their action and resource did, which
 * condition failed and why; also those whose Resource or NotResource could not be decided because
 * a policy variable is unresolved, and those decided against the caller because a variable's value
 * in Resource or NotResource is empty or holds `/` (a Deny that applied, an Allow that did not),
 * naming the variable and its value.
 *
 * @example
 * ```ts
 * explain(evaluate(policies, request));
 * // [ "ImplicitDeny: no statement allows execute-api:Invoke on arn:aws:execute-api:...",
 * //   "mfa.json Statement[0] (Sid \"Admins\") does not apply: Bool failed: aws:MultiFactorAuthPresent is absent" ]
 * ```
 */
export function explain(result: EvaluationResult, request?: { action: string; resource: string }): string[] {
  const what = request === undefined ? "" : ` ${request.action} on ${request.resource}`;
  const lines: string[] = [];
  if (result.decision === "ImplicitDeny") lines.push(`ImplicitDeny: no statement allows${what}`);
  for (const statement of result.statements) {
    // A Deny that applies because of a variable's value says which: the caller may not expect it.
    const notes = result.considered.find((r) => r.statement === statement)?.unresolved ?? [];
    const why =
      notes.length === 0
        ? ""
        : `, because of a policy variable in its ${statement.resource.not ? "NotResource" : "Resource"}: ${notes.join("; ")}`;
    lines.push(
      `${result.decision}: ${statementLabel(statement)} ${statement.effect === "Deny" ? "denies" : "allows"}${what}${why}`,
    );
  }
  for (const r of result.considered) {
    if (r.matched || !r.action || (!r.resource && r.unresolved.length === 0)) continue;
    lines.push(`${statementLabel(r.statement)} (${r.statement.effect}) does not apply: ${whyNot(r)}`);
  }
  return lines;
}
