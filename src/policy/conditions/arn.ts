import { compilePattern, matchArnExpanded } from "../pattern.js";
import type { ConditionClause } from "../types.js";
import { INVALID, membership, NONE, UNRESOLVED, type Matcher } from "./matcher.js";
import { showPattern } from "./reason.js";

const ARN_OPERATORS = new Set(["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"]);
const VARIABLE = /\$\{[^}]*\}/g;

/** Has `text` the six segments of an ARN (`arn:partition:service:region:account:resource`)? */
function isArnShaped(text: string): boolean {
  let colons = 0;
  for (let i = 0; i < text.length && colons < 5; i++) if (text.charCodeAt(i) === 58) colons++;
  return colons === 5;
}

/**
 * Compiles the ARN operators' values. `ArnEquals` and `ArnLike` are the same operator (as are
 * `ArnNotEquals` and `ArnNotLike`, read as `ArnLike`): each of the six segments is globbed with
 * `*` and `?`, case-sensitively. Under `variables`, `${...}` is substituted literally.
 *
 * A request value that is not ARN-shaped, or a policy value of fewer than six segments, cannot be
 * compared: it fails positive and negated operators alike, as in iam-simulate.
 */
export function compileArn(clause: ConditionClause, variables: boolean): Matcher {
  if (!ARN_OPERATORS.has(clause.base)) throw new TypeError(`not an Arn operator: ${clause.base}`);
  const patterns = clause.values.map((value) => compilePattern(value, { glob: true, variables }));
  // A variable's colons are not separators: count those written outside `${...}`.
  const valid = clause.values.map((value) => isArnShaped(variables ? value.replace(VARIABLE, "") : value));
  return {
    words: membership("matches", "matching"),
    test(value, context) {
      if (!isArnShaped(value)) return INVALID;
      let invalid = false;
      let unresolved = false;
      for (let i = 0; i < patterns.length; i++) {
        if (!valid[i]) {
          invalid = true;
          continue;
        }
        // Unlike a NotResource, a value's unresolved variable is never decided by the other
        // segments: it fails ArnNotLike as it fails ArnLike (iam-simulate's reading).
        const expanded = patterns[i]!.expand(context);
        if (expanded === undefined) unresolved = true;
        else if (matchArnExpanded(expanded, value, "noMatch")) return i;
      }
      return invalid ? INVALID : unresolved ? UNRESOLVED : NONE;
    },
    invalid: (value) => (isArnShaped(value) ? "has no valid policy ARN to compare with" : "is not an ARN"),
    show: (index, context) => showPattern(patterns[index]!, context),
  };
}
