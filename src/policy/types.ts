/**
 * The policy engine's vocabulary: documents as written, policies as parsed, requests, and results
 * with their explanation. Everything here is plain data.
 */

/** A policy document as written, in IAM's JSON grammar. */
export type PolicyDocument = Readonly<Record<string, unknown>>;

/** A request context value. IAM compares strings; numbers and booleans are written as strings. */
export type ContextValue = string | number | boolean | readonly (string | number | boolean)[];

/** Request context keys (case-insensitive, e.g. `aws:SourceIp`, `jwt:sub`) and their values. */
export type RequestContext = Readonly<Record<string, ContextValue | undefined>>;

/** The principal types of a resource policy's `Principal` element. */
export type PrincipalType = "AWS" | "Federated" | "Service" | "CanonicalUser";

/**
 * What is asked: may `action` be done on `resource`, given `context`?
 *
 * @example
 * ```ts
 * const request: PolicyRequest = {
 *   action: "execute-api:Invoke",
 *   resource: "arn:aws:execute-api:us-east-1:123456789012:api/prod/GET/orders",
 *   context: { "aws:SourceIp": "203.0.113.7", "jwt:scope": ["orders/read"] },
 * };
 * ```
 */
export interface PolicyRequest {
  action: string;
  resource: string;
  context?: RequestContext;
  /** The caller's names per principal type, matched by resource policies' `Principal`. */
  principal?: Readonly<Partial<Record<PrincipalType, readonly string[]>>>;
}

/** `Action`/`NotAction`, `Resource`/`NotResource`: the patterns, and whether the element is negated. */
export interface PatternList {
  readonly not: boolean;
  readonly patterns: readonly string[];
}

/** `Principal`/`NotPrincipal`: `"*"`, or names per principal type. */
export interface PrincipalList {
  readonly not: boolean;
  /** `"*"` (or `{"AWS": "*"}`): anyone. */
  readonly any: boolean;
  readonly names: Readonly<Partial<Record<PrincipalType, readonly string[]>>>;
}

/** The operator families of section 4.4 of the IAM reference. */
export type OperatorFamily = "String" | "Numeric" | "Date" | "Bool" | "Binary" | "Ip" | "Arn" | "Null";

/** One `operator: { key: values }` entry of a `Condition` block. */
export interface ConditionClause {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  /** The operator without modifiers, in its canonical spelling, e.g. `StringLike`. */
  readonly base: string;
  readonly family: OperatorFamily;
  /** Negated operators (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`, ...) match when no value matches. */
  readonly negated: boolean;
  readonly ifExists: boolean;
  readonly set: "ForAllValues" | "ForAnyValue" | undefined;
  /** The key as written. */
  readonly key: string;
  /** The key lower-cased: keys are case-insensitive. */
  readonly keyLower: string;
  /** The policy's values, as strings. */
  readonly values: readonly string[];
}

/** A parsed statement, pointing back to where it was written. */
export interface Statement {
  readonly policy: Policy;
  /** Its position in the policy's `Statement` array (0 when `Statement` is an object). */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: "Allow" | "Deny";
  readonly action: PatternList;
  readonly resource: PatternList;
  readonly principal: PrincipalList | undefined;
  readonly conditions: readonly ConditionClause[];
}

/** A parsed, validated policy. Build one with `parsePolicy`. */
export interface Policy {
  /** Where it came from: a file name, or a caller-given label. */
  readonly source: string;
  readonly version: "2012-10-17" | "2008-10-17";
  readonly id: string | undefined;
  /** Policy variables are substituted only under Version 2012-10-17. */
  readonly variables: boolean;
  readonly statements: readonly Statement[];
}

/** The outcome of evaluating one condition clause. */
export interface ConditionResult {
  readonly clause: ConditionClause;
  readonly matched: boolean;
  /** Why, in words: `aws:SourceIp 198.51.100.1 is in none of 203.0.113.0/24`. */
  readonly reason: string;
}

/** How one statement fared against the request. */
export interface StatementResult {
  readonly statement: Statement;
  /** Did Action/NotAction match? */
  readonly action: boolean;
  /** Did Resource/NotResource match? */
  readonly resource: boolean;
  /**
   * When Resource/NotResource did not match because a policy variable could not be resolved, or was
   * decided against the caller because a value is empty or holds `/` (then a Deny matched): each
   * such pattern with the reason, e.g.
   * `arn:aws:s3:::b/${aws:username}/* (${aws:username} cannot be resolved: aws:username is absent)`.
   * Empty otherwise.
   */
  readonly unresolved: readonly string[];
  /** Did Principal/NotPrincipal match (resource policies; `true` when absent)? */
  readonly principal: boolean;
  /** The conditions evaluated: empty when action, resource or principal did not match. */
  readonly conditions: readonly ConditionResult[];
  /** Does the statement apply: everything above matched and every condition held? */
  readonly matched: boolean;
}

/** `Allow`, or why not: a matching Deny (`ExplicitDeny`) or no matching Allow (`ImplicitDeny`). */
export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

/** The decision and its explanation. */
export interface EvaluationResult {
  readonly decision: Decision;
  /** The statements that decided: the matching Denies, or else the matching Allows; none for ImplicitDeny. */
  readonly statements: readonly Statement[];
  /** Every statement considered (those whose action and resource could apply), matched or not. */
  readonly considered: readonly StatementResult[];
}
