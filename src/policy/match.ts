import type { Context } from "./context.js";
import {
  breaksSegment,
  compilePattern,
  couldMatchArn,
  type Fold,
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
 * How a Resource/NotResource decided: matched (`true`: the statement may apply), not (`false`), not
 * because of an unresolved variable (`undefined`), or "against": an entry that decides the request
 * needs a value that leaves its path segment, and the statement is decided against the caller (a
 * Deny applies, an Allow does not).
 */
export type ResourceMatch = boolean | undefined | "against";

/**
 * Resource/NotResource, ARNs matched per segment; short ARNs are padded with `*` in identity
 * policies only. A pattern whose variable cannot be resolved (key absent or multivalued, no
 * default) matches nothing in a Resource list (the other entries still count, as in iam-simulate).
 * In a NotResource list it makes the statement not apply, whatever its effect (AWS: the statement
 * is invalid), unless the resource lies outside the pattern's partition, service, region or
 * account whatever the variable's value.
 *
 * A pattern with a value that is empty or holds `/` decides nothing by itself: when the resource
 * could match it (the value read as `*`), the statement is "against" the caller, unless a plain
 * entry decides first: a Resource entry that matches (the statement applies), a NotResource entry
 * that matches (it does not). An unresolved NotResource entry gives way to "against", so that a
 * Deny still applies. With `fold` (a resource whose path was lower-cased), values are folded
 * before they are substituted, and one that `fold` finds no spelling for is decided against the
 * caller too.
 */
export function resourceMatches(
  statement: Statement,
  resource: string,
  context: Context,
  inResourcePolicy: boolean,
  fold?: Fold,
): ResourceMatch {
  const short = inResourcePolicy ? "noMatch" : "expand";
  const not = statement.resource.not;
  let any = false;
  let unresolved = false;
  let against = false;
  for (const p of compiledOf(statement).resources) {
    if (p === undefined) {
      if (!not) return true;
      any = true;
    } else if (p.hasVariables && breaksSegment(p, context, fold)) {
      // Which resource the value names cannot be told: wherever it could reach, the caller loses.
      if (couldMatchArn(p, resource, context, short, fold)) against = true;
    } else {
      const matched = matchArn(p, resource, context, short, fold);
      if (matched === undefined) unresolved = true;
      else if (matched) {
        if (!not) return true;
        any = true;
      }
    }
  }
  if (not && any) return unresolved ? undefined : false;
  if (against) return "against";
  if (unresolved) return undefined;
  return not;
}

/**
 * Why Resource/NotResource did not decide plainly because of variables: each pattern whose match
 * could not be decided, and each pattern decided against the caller for a value that is empty or
 * holds `/`, with its variables' reasons. Empty when variables are not why.
 */
export function unresolvedResources(
  statement: Statement,
  resource: string,
  context: Context,
  inResourcePolicy: boolean,
  fold?: Fold,
): string[] {
  const short = inResourcePolicy ? "noMatch" : "expand";
  const reasons: string[] = [];
  for (const p of compiledOf(statement).resources) {
    if (p === undefined || !p.hasVariables) continue;
    const outside = outsideSegmentIn(p, context, fold);
    if (outside !== undefined) {
      if (couldMatchArn(p, resource, context, short, fold)) reasons.push(`${p.source} (${outside})`);
    } else if (matchArn(p, resource, context, short, fold) === undefined)
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
