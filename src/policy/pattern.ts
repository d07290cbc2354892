import { singleValue, type Context } from "./context.js";

// Each character of an expanded pattern carries a kind. Text that came from a policy variable or
// an escape (`${*}`) is SUBSTITUTED: compared literally, never a wildcard, never an ARN separator.
const TEXT = 0;
const ANY = 1; // `*`: any run of characters, possibly empty
const ONE = 2; // `?`: exactly one character
const SUBSTITUTED = 3;

/** A pattern after variable substitution: its characters and, per character, its kind. */
export interface Expanded {
  readonly chars: string;
  readonly kinds: Uint8Array;
  /** No `*` or `?`: equality is enough. */
  readonly literal: boolean;
}

/**
 * A `${...}` policy variable as written. `key` is lower-cased, and `undefined` when the text between
 * the braces is no well-formed variable (`${aws:user name}`, `${key, unquoted}`): such a variable
 * never resolves, default or not.
 */
export interface Variable {
  /** As written, braces included: `${aws:username, 'nobody'}`. */
  readonly source: string;
  /** The key as written, e.g. `aws:PrincipalTag/team`; `undefined` when malformed. */
  readonly name: string | undefined;
  readonly key: string | undefined;
  readonly fallback: string | undefined;
}

type Part = { kind: number; text: string } | ({ kind: "var" } & Variable);

/**
 * How a value substituted into a Resource or NotResource is spelled when the resource's path was
 * folded (the gateway's `caseInsensitivePaths` hands in its lower-casing); `undefined` when the
 * value has no one spelling so, and its entry is decided against the caller.
 */
export type Fold = (value: string) => string | undefined;

/** A compiled Resource, Action or condition value: globs and `${...}` variables resolved per request. */
export interface Pattern {
  readonly source: string;
  /** The literal text before the first wildcard or variable (statement indexing). */
  readonly prefix: string;
  /** The literal text after the last wildcard or variable; `""` when there is none (statement indexing). */
  readonly suffix: string;
  /** How many `:` the pattern's own text has: fewer than 5 makes a short ARN. */
  readonly colons: number;
  readonly hasVariables: boolean;
  /** Its `${...}` variables (not the escapes), in order. */
  readonly variables: readonly Variable[];
  /**
   * Substitutes variables; `undefined` when one cannot be resolved (which never matches). With
   * `unresolved: "any"`, an unresolved variable becomes `*` instead: what the pattern could match;
   * with "loose", so does a value that leaves its path segment (see {@link breaksSegment}).
   */
  expand(context: Context, unresolved?: "fail" | "any" | "loose", fold?: Fold): Expanded | undefined;
}

// `${key}` or `${key, 'default'}`; keys are letters, digits and `:/_.-@+=` (tag keys' characters
// but the space).
const VARIABLE = /^\s*([A-Za-z0-9:/_.@+=-]+)\s*(?:,\s*'([^']*)'\s*)?$/;
// A Map, not an object: `${constructor}` must not find Object.prototype's.
const ESCAPES = new Map([
  ["*", "*"],
  ["?", "?"],
  ["$", "$"],
]);

function parse(source: string, glob: boolean, variables: boolean): Part[] {
  const parts: Part[] = [];
  let text = "";
  const flush = () => {
    if (text !== "") parts.push({ kind: TEXT, text });
    text = "";
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (glob && (ch === "*" || ch === "?")) {
      flush();
      parts.push({ kind: ch === "*" ? ANY : ONE, text: ch });
    } else if (variables && ch === "$" && source[i + 1] === "{" && source.indexOf("}", i + 2) !== -1) {
      const end = source.indexOf("}", i + 2);
      const inner = source.slice(i + 2, end);
      const escaped = ESCAPES.get(inner);
      if (escaped !== undefined) {
        flush();
        parts.push({ kind: SUBSTITUTED, text: escaped });
      } else {
        const match = VARIABLE.exec(inner);
        // Anything else between `${` and `}` is a variable too, a malformed one: it must never be
        // read as literal text, which a NotResource or a negated operator would turn into a match.
        flush();
        const variable = source.slice(i, end + 1);
        const name = match?.[1];
        parts.push({ kind: "var", source: variable, name, key: name?.toLowerCase(), fallback: match?.[2] });
      }
      i = end;
    } else {
      text += ch;
    }
  }
  flush();
  return parts;
}

function assemble(pieces: readonly { kind: number; text: string }[]): Expanded {
  let chars = "";
  for (const p of pieces) chars += p.text;
  const kinds = new Uint8Array(chars.length);
  let at = 0;
  let literal = true;
  for (const p of pieces) {
    kinds.fill(p.kind, at, at + p.text.length);
    at += p.text.length;
    if (p.kind === ANY || p.kind === ONE) literal = false;
  }
  return { chars, kinds, literal };
}

/**
 * Compiles a pattern. `glob`: `*` and `?` are wildcards (Resource, Action, `...Like`).
 * `variables`: `${key}`, `${key, 'default'}` and the escapes `${*}` `${?}` `${$}` are recognised
 * (Version 2012-10-17 only); otherwise they are plain text.
 */
export function compilePattern(source: string, options: { glob: boolean; variables: boolean }): Pattern {
  const parts = parse(source, options.glob, options.variables);
  const firstSpecial = parts.findIndex((p) => p.kind !== TEXT);
  const lastSpecial = parts.findLastIndex((p) => p.kind !== TEXT);
  const textOf = (from: number, to: number) =>
    parts
      .slice(from, to)
      .map((p) => (p.kind === TEXT ? (p as { text: string }).text : ""))
      .join("");
  const prefix = textOf(0, firstSpecial === -1 ? parts.length : firstSpecial);
  const suffix = lastSpecial === -1 ? "" : textOf(lastSpecial + 1, parts.length);
  const colons = textOf(0, parts.length).split(":").length - 1;
  if (!parts.some((p) => p.kind === "var")) {
    const fixed = assemble(parts as { kind: number; text: string }[]);
    return { source, prefix, suffix, colons, hasVariables: false, variables: [], expand: () => fixed };
  }
  return {
    source,
    prefix,
    suffix,
    colons,
    hasVariables: true,
    variables: parts.filter((p): p is Part & Variable => p.kind === "var"),
    expand(context, unresolved = "fail", fold) {
      const pieces: { kind: number; text: string }[] = [];
      for (const p of parts) {
        if (p.kind !== "var") {
          pieces.push(p);
          continue;
        }
        let value = substitutedValue(p, context, fold);
        if (unresolved === "loose" && value !== undefined && (value === null || leavesSegment(value)))
          value = undefined;
        if (value === null) value = undefined;
        if (value === undefined && unresolved === "fail") return undefined;
        pieces.push(value === undefined ? { kind: ANY, text: "*" } : { kind: SUBSTITUTED, text: value });
      }
      return assemble(pieces);
    },
  };
}

/**
 * A variable's value or default, folded with `fold` when given: `undefined` when it cannot be
 * resolved, `null` when `fold` finds no spelling for it.
 */
export function substitutedValue(
  variable: Variable,
  context: Context,
  fold?: Fold,
): string | undefined | null {
  const value =
    variable.key === undefined ? undefined : (singleValue(context, variable.key) ?? variable.fallback);
  if (value === undefined || fold === undefined) return value;
  return fold(value) ?? null;
}

/**
 * The first `${...}` of `text` that is no well-formed variable and no escape, as written (up to its
 * first `}`), or a `${` with no `}` after it (from there to the end), or `undefined` when there is
 * none. Such a variable can never resolve, and an unclosed one would be read as text.
 *
 * @example
 * ```ts
 * malformedVariable("tenants/${jwt:tenant, \"-\"}/*"); // '${jwt:tenant, "-"}'
 * malformedVariable("users/${aws:username"); // "${aws:username"
 * malformedVariable("tenants/${jwt:tenant, '-'}/*"); // undefined
 * ```
 */
export function malformedVariable(text: string): string | undefined {
  if (!text.includes("${")) return undefined;
  for (const part of parse(text, false, true))
    if (part.kind === "var" && part.key === undefined) return part.source;
  // `parse` reads `${` as text when no `}` follows: a typo that, compared literally, would switch a
  // Deny off. Every `${` before the last `}` was read as a variable.
  const unclosed = text.indexOf("${", text.lastIndexOf("}") + 1);
  return unclosed === -1 ? undefined : text.slice(unclosed);
}

/** The substituted text of a pattern compiled without globs; `undefined` when a variable is unresolved. */
export function expandText(pattern: Pattern, context: Context): string | undefined {
  return pattern.expand(context)?.chars;
}

// Wildcard matching of pattern[ps, pe) against subject[ss, se): linear backtracking to the last
// `*`, never a RegExp, so a hostile request path cannot trigger catastrophic backtracking.
function globRange(p: Expanded, ps: number, pe: number, subject: string, ss: number, se: number): boolean {
  let pi = ps;
  let si = ss;
  let star = -1;
  let mark = 0;
  const { chars, kinds } = p;
  while (si < se) {
    const kind = pi < pe ? kinds[pi] : -1;
    if (
      kind === ONE ||
      ((kind === TEXT || kind === SUBSTITUTED) && chars.charCodeAt(pi) === subject.charCodeAt(si))
    ) {
      pi++;
      si++;
    } else if (kind === ANY) {
      star = pi++;
      mark = si;
    } else if (star !== -1) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < pe && kinds[pi] === ANY) pi++;
  return pi === pe;
}

/** Does `subject` match the whole expanded pattern (`*`, `?`; case-sensitive)? */
export function matchExpanded(p: Expanded, subject: string): boolean {
  if (p.literal) return p.chars === subject;
  return globRange(p, 0, p.chars.length, subject, 0, subject.length);
}

/** Glob match with variables: `undefined` when a variable is unresolved. */
export function matchPattern(pattern: Pattern, subject: string, context: Context): boolean | undefined {
  const expanded = pattern.expand(context);
  return expanded === undefined ? undefined : matchExpanded(expanded, subject);
}

// The start of each of the six ARN segments: the resource (the sixth) may itself contain `:`.
function arnStarts(text: string, isSeparator: (i: number) => boolean): number[] | undefined {
  const starts = [0];
  for (let i = 0; i < text.length && starts.length < 6; i++)
    if (text.charCodeAt(i) === 58 && isSeparator(i)) starts.push(i + 1);
  return starts.length === 6 ? starts : undefined;
}

/**
 * Does a variable of `pattern` resolve to a value that is empty or holds `/`? In a Resource or
 * NotResource such a value cannot stand for text within one path segment, which is what a variable
 * there is for: IAM user names never hold `/`, but Cognito user names, attributes and OIDC claims
 * can, and users write some of them themselves. Literal `alice/docs` would reach into alice's
 * `docs/`, and `""` would widen `files/${aws:username}` to `files/`.
 */
export function breaksSegment(pattern: Pattern, context: Context, fold?: Fold): boolean {
  for (const v of pattern.variables) {
    const value = substitutedValue(v, context, fold);
    if (value === null || (value !== undefined && leavesSegment(value))) return true;
  }
  return false;
}

/** Is `value`, substituted into a Resource or NotResource, no text within one path segment? */
export function leavesSegment(value: string): boolean {
  return value === "" || value.includes("/");
}

/**
 * Could the resource match `pattern`, a Resource or NotResource entry, whatever the values of its
 * variables that leave their path segment or cannot be resolved (each read as `*`)? Where it could,
 * an entry with such a value is decided against the caller.
 */
export function couldMatchArn(
  pattern: Pattern,
  subject: string,
  context: Context,
  short: "expand" | "noMatch" = "expand",
  fold?: Fold,
): boolean {
  return matchArnExpanded(pattern.expand(context, "loose", fold)!, subject, short);
}

/**
 * Per-segment ARN matching (`arn:partition:service:region:account:resource`) of a Resource or
 * NotResource entry, `*` and `?` within each of the first five segments, and anywhere in the
 * resource. A pattern of fewer than six segments is padded with `*` segments when `short` is
 * "expand" (identity policies), and matches nothing when "noMatch". (The caller checks
 * {@link breaksSegment} first.) Values are folded with `fold` when given. When a variable is unresolved: `false` if the subject lies outside the pattern's partition,
 * service, region or account whatever the variable's value (as iam-simulate decides before it
 * resolves anything), otherwise `undefined`: the match cannot be decided.
 */
export function matchArn(
  pattern: Pattern,
  subject: string,
  context: Context,
  short: "expand" | "noMatch" = "expand",
  fold?: Fold,
): boolean | undefined {
  const p = pattern.expand(context, "fail", fold);
  if (p !== undefined) return matchArnExpanded(p, subject, short);
  return matchArnExpanded(pattern.expand(context, "any", fold)!, subject, short, 5) ? undefined : false;
}

/** {@link matchArn} on an expanded pattern; `segments` < 6 compares only the first ones. */
export function matchArnExpanded(
  expanded: Expanded,
  subject: string,
  short: "expand" | "noMatch",
  segments = 6,
): boolean {
  let p = expanded;
  const s = arnStarts(subject, () => true);
  if (s === undefined) return false;
  let ps = arnStarts(p.chars, (i) => p.kinds[i] === TEXT);
  if (ps === undefined) {
    if (short === "noMatch") return false;
    const padding = Array.from({ length: 6 - countSegments(p) }, () => [
      { kind: TEXT, text: ":" },
      { kind: ANY, text: "*" },
    ]);
    p = assemble([...piecesOf(p), ...padding.flat()]);
    ps = arnStarts(p.chars, (i) => p.kinds[i] === TEXT)!;
  }
  for (let i = 0; i < segments; i++) {
    const pe = i < 5 ? ps[i + 1]! - 1 : p.chars.length;
    const se = i < 5 ? s[i + 1]! - 1 : subject.length;
    if (!globRange(p, ps[i]!, pe, subject, s[i]!, se)) return false;
  }
  return true;
}

function countSegments(p: Expanded): number {
  let n = 1;
  for (let i = 0; i < p.chars.length; i++) if (p.chars.charCodeAt(i) === 58 && p.kinds[i] === TEXT) n++;
  return n;
}

function piecesOf(p: Expanded): { kind: number; text: string }[] {
  return Array.from(p.chars, (ch, i) => ({ kind: p.kinds[i]!, text: ch }));
}
