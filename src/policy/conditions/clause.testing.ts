// Test support: condition clauses built as the parser builds them.
import { parseOperator } from "../operators.js";
import type { ConditionClause } from "../types.js";

/** A clause as `parsePolicy` would build it, e.g. `clause("ForAnyValue:StringLike", "jwt:groups", ["adm*"])`. */
export function clause(operator: string, key: string, values: readonly string[]): ConditionClause {
  const parsed = parseOperator(operator);
  if (parsed === undefined) throw new Error(`not an operator: ${operator}`);
  return { operator, ...parsed, key, keyLower: key.toLowerCase(), values };
}
