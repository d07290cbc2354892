import type { Context } from "./context.js";
import {
  breaksSegment,
  compilePattern,
  matchArn,
  matchExpanded,
  type Expanded,
  type Pattern,
} from "./pattern.js";
import { outsideSegmentIn, unresolvedIn } from "./unresolved.js";
import type { PolicyRequest, PrincipalType, Statement } from "./types.js";

interface Compiled {
  /** Lower-cased action patterns: actions are case-insensitive. */
  readonly actions: readonly Expanded[];
  /** `undefined` for `"*"`: every resource. */
  readonly resources: readonly (Pattern | undefined)[];
}

const compiled = new WeakMap<Statement, Compiled>();
const NO_CONTEXT: Context = new Map();

/** A statement's patterns, compiled once. */
export function compiledOf(statement: Statement): Compiled {
  let c = compiled.get(statement);
  if (c === undefined) {
    const variables = statement.policy.variables;
    c = {
      actions: statement.action.patterns.map(
        (a) => compilePattern(a.toLowerCase(), { glob: true, variables: false }).expand(NO_CONTEXT)!,
      ),
      resources: statement.resource.patterns.map((r) =>
        r === "*" ? undefined : compilePattern(r, { glob: true, variables }),
      ),
    };
    compiled.set(statement, c);
  }
  return c;
}

/** Action/NotAction against a lower-cased action name. */
export function actionMatches(statement: Statement, actionLower: string): boolean {
  const any = compiledOf(statement).actions.some((p) => matchExpanded(p, actionLower));
  return statement.action.not ? !any : any;
}

/**
 * Resource/NotResource, ARNs matched per segment; short ARNs are padded with `*` in identity
 * policies only. A pattern whose variable cannot be resolved (key absent or multivalued, no
 * default) matches nothing in a Resource list (the other entries still count, as in iam-simulate).
 * In a NotResource list it makes the statement not apply, whatever its effect (AWS: the statement
 * is invalid), unless the resource lies outside the pattern's partition, service, region or
 * account whatever the variable's value. A pattern with a value that is empty or holds `/` matches
 * nothing, in either list (so a NotResource statement then applies).
 *
 * Returns `undefined` for "no, because of a variable" (explanations say which): a Resource whose
 * entries all failed on one, or a NotResource that cannot be decided.
 */
export function resourceMatches(
  statement: Statement,
  resource: string,
  context: Context,
  inResourcePolicy: boolean,
): boolean | undefined {
  const short = inResourcePolicy ? "noMatch" : "expand";
  const not = statement.resource.not;
  let any = false;
  let unresolved = false;
  for (const p of compiledOf(statement).resources) {
    // A value that leaves its path segment: the entry matches nothing, whatever the other variables.
    const outside = p?.hasVariables === true && breaksSegment(p, context);
    const matched = p === undefined ? true : outside ? false : matchArn(p, resource, context, short);
    // In a Resource the variable is why it did not match: explanations say so.
    if (outside && !not) unresolved = true;
    else if (matched === undefined) {
      if (not) return undefined;
      unresolved = true;
    } else if (matched) {
      if (!not) return true;
      any = true;
    }
  }
  if (not) return !any;
  return any || (unresolved ? undefined : false);
}

/**
 * Why Resource/NotResource did not match because of variables: each pattern whose match could not
 * be decided, and each Resource pattern with a value that is empty or holds `/`, with its
 * variables' reasons. Empty when variables are not why.
 */
export function unresolvedResources(
  statement: Statement,
  resource: string,
  context: Context,
  inResourcePolicy: boolean,
): string[] {
  const short = inResourcePolicy ? "noMatch" : "expand";
  const reasons: string[] = [];
  for (const p of compiledOf(statement).resources) {
    if (p === undefined || !p.hasVariables) continue;
    const outside = outsideSegmentIn(p, context);
    if (outside !== undefined) {
      if (!statement.resource.not) reasons.push(`${p.source} (${outside})`);
    } else if (matchArn(p, resource, context, short) === undefined)
      reasons.push(`${p.source} (${unresolvedIn(p, context)})`);
  }
  return reasons;
}

// An account id in a Principal stands for the account's root ARN.
function canonical(type: PrincipalType, name: string): string {
  return type === "AWS" && /^\d{12}$/.test(name) ? `arn:aws:iam::${name}:root` : name;
}

/** Principal/NotPrincipal (resource policies). A statement without one (identity policies) applies to its holder. */
export function principalMatches(statement: Statement, caller: PolicyRequest["principal"]): boolean {
  const p = statement.principal;
  if (p === undefined) return true;
  let named = p.any;
  if (!named && caller !== undefined) {
    for (const [type, names] of Object.entries(p.names) as [PrincipalType, readonly string[]][]) {
      const mine = new Set((caller[type] ?? []).map((n) => canonical(type, n)));
      if (names.some((n) => mine.has(canonical(type, n)))) named = true;
    }
  }
  return p.not ? !named : named;
}
