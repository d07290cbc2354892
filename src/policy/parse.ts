import { PolicyError } from "./errors.js";
import { parseCondition, type Problem, variableProblem } from "./parse-condition.js";
import type {
  PatternList,
  Policy,
  PolicyDocument,
  PrincipalList,
  PrincipalType,
  Statement,
} from "./types.js";

/**
 * IAM's policy grammar (section 4.1 of the IAM reference), read strictly: a document that IAM
 * would reject is an error naming the file, the statement and the field, never a silent default.
 */

const MAX_TEXT_BYTES = 64 * 1024;
const MAX_RESOURCE_LENGTH = 512;
const DOCUMENT_FIELDS = ["Version", "Id", "Statement"];
const STATEMENT_FIELDS = [
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
];
const PRINCIPAL_TYPES: readonly PrincipalType[] = ["AWS", "Federated", "Service", "CanonicalUser"];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** What a policy is for: `identity` policies may not name a principal, `resource` policies must. */
export interface ParseOptions {
  kind?: "identity" | "resource";
}

/**
 * Parses and validates an IAM policy document, given as an object or as JSON text (at most 64 KiB).
 * The result is deeply frozen, and each statement points back to it.
 *
 * @param source names the document in errors and explanations, e.g. its file name.
 * @throws {PolicyError} naming the source, the statement and the field, when the document is not valid.
 *
 * @example
 * ```ts
 * const policy = parsePolicy(
 *   `{"Version": "2012-10-17", "Statement": [{"Sid": "ReadOrders", "Effect": "Allow",
 *     "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:*:*:api/prod/GET/orders/*"}]}`,
 *   "policies/orders.json",
 * );
 * policy.statements[0]?.action; // { not: false, patterns: ["execute-api:Invoke"] }
 * parsePolicy({ Statement: { Effect: "allow" } }, "orders.json");
 * // throws PolicyError: orders.json: Statement.Effect: must be "Allow" or "Deny"
 * ```
 */
export function parsePolicy(
  document: PolicyDocument | string,
  source = "policy",
  options: ParseOptions = {},
): Policy {
  const bad: Problem = (path, problem) => new PolicyError(source, path, problem);
  const doc: unknown = typeof document === "string" ? fromText(document, source) : document;
  if (!isObject(doc)) throw bad("(document)", "must be a JSON object");
  for (const key of Object.keys(doc)) {
    if (!DOCUMENT_FIELDS.includes(key))
      throw bad(key, `unknown field (expected one of: ${DOCUMENT_FIELDS.join(", ")})`);
  }
  // IAM reads a document without a Version as 2008-10-17, where policy variables are literal text.
  const version = doc.Version === undefined ? "2008-10-17" : doc.Version;
  if (version !== "2012-10-17" && version !== "2008-10-17")
    throw bad("Version", 'must be "2012-10-17" or "2008-10-17"');
  if (doc.Id !== undefined && typeof doc.Id !== "string") throw bad("Id", "must be a string");

  const raw = doc.Statement;
  if (raw === undefined) throw bad("Statement", "missing: a policy needs at least one statement");
  if (Array.isArray(raw) && raw.length === 0) throw bad("Statement", "must not be an empty array");
  if (!Array.isArray(raw) && !isObject(raw))
    throw bad("Statement", "must be an object or an array of objects");

  const statements: Statement[] = [];
  const policy: Policy = { source, version, id: doc.Id, variables: version === "2012-10-17", statements };
  const sids = new Map<string, string>();
  (Array.isArray(raw) ? raw : [raw]).forEach((item: unknown, index) => {
    const at = Array.isArray(raw) ? `Statement[${index}]` : "Statement";
    const statement = parseStatement(item, index, at, policy, sids, bad);
    // Identity policies apply to their holder and name no principal; resource policies must name one.
    if (options.kind === "identity" && statement.principal !== undefined)
      throw bad(
        `${at}.${statement.principal.not ? "NotPrincipal" : "Principal"}`,
        "an identity policy names no principal",
      );
    if (options.kind === "resource" && statement.principal === undefined)
      throw bad(at, "a resource policy statement needs a Principal or NotPrincipal");
    statements.push(statement);
  });
  Object.freeze(statements);
  return Object.freeze(policy);
}

function fromText(text: string, source: string): unknown {
  if (text.length > MAX_TEXT_BYTES / 3 && new TextEncoder().encode(text).byteLength > MAX_TEXT_BYTES) {
    throw new PolicyError(source, "(document)", "is larger than 64 KiB");
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (cause) {
    throw new PolicyError(source, "(document)", `is not valid JSON (${(cause as Error).message})`, { cause });
  }
}

function parseStatement(
  raw: unknown,
  index: number,
  at: string,
  policy: Policy,
  sids: Map<string, string>,
  bad: Problem,
): Statement {
  if (!isObject(raw)) throw bad(at, "must be an object");
  const sid = raw.Sid;
  if (sid !== undefined && typeof sid !== "string") throw bad(`${at}.Sid`, "must be a string");
  if (sid !== undefined) {
    const first = sids.get(sid);
    sids.set(sid, at);
    at = `${at} (Sid ${JSON.stringify(sid)})`;
    if (first !== undefined) throw bad(`${at}.Sid`, `duplicate Sid (also used by ${first})`);
  }
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_FIELDS.includes(key))
      throw bad(`${at}.${key}`, `unknown field (expected one of: ${STATEMENT_FIELDS.join(", ")})`);
  }
  if (raw.Effect !== "Allow" && raw.Effect !== "Deny") throw bad(`${at}.Effect`, 'must be "Allow" or "Deny"');

  const action = either(raw, "Action", "NotAction", at, bad);
  const resource = either(raw, "Resource", "NotResource", at, bad);
  const principal = either(raw, "Principal", "NotPrincipal", at, bad, false);
  return Object.freeze({
    policy,
    index,
    sid,
    effect: raw.Effect,
    action: patternList(action!, actionProblem, bad),
    resource: patternList(
      resource!,
      (r) => resourceProblem(r) ?? (policy.variables ? variableProblem(r) : undefined),
      bad,
    ),
    principal: principal && parsePrincipal(principal, bad),
    conditions: Object.freeze(parseCondition(raw.Condition, `${at}.Condition`, policy.variables, bad)),
  });
}

interface Element {
  readonly value: unknown;
  readonly not: boolean;
  readonly path: string;
}

/** The one element present of `name` and `notName` (they exclude each other). */
function either(
  raw: Record<string, unknown>,
  name: string,
  notName: string,
  at: string,
  bad: Problem,
  required = true,
): Element | undefined {
  const plain = raw[name] !== undefined;
  const not = raw[notName] !== undefined;
  if (plain && not) throw bad(`${at}.${notName}`, `cannot be used together with ${name}`);
  if (!plain && !not) {
    if (required) throw bad(`${at}.${name}`, `missing: a statement needs ${name} or ${notName}`);
    return undefined;
  }
  return { value: not ? raw[notName] : raw[name], not, path: `${at}.${not ? notName : name}` };
}

/** A string, or a non-empty array of strings, each checked by `problem`. */
function strings(
  value: unknown,
  path: string,
  problem: (s: string) => string | undefined,
  bad: Problem,
): readonly string[] {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) throw bad(path, "must not be an empty array");
  if (!Array.isArray(value) && typeof value !== "string")
    throw bad(path, "must be a string or an array of strings");
  items.forEach((item: unknown, i) => {
    const itemPath = Array.isArray(value) ? `${path}[${i}]` : path;
    if (typeof item !== "string") throw bad(itemPath, "must be a string");
    const found = item === "" ? "must not be empty" : problem(item);
    if (found !== undefined) throw bad(itemPath, found);
  });
  return Object.freeze([...(items as string[])]);
}

function patternList(
  element: Element,
  problem: (s: string) => string | undefined,
  bad: Problem,
): PatternList {
  return Object.freeze({ not: element.not, patterns: strings(element.value, element.path, problem, bad) });
}

// AWS allows policy variables in Resource, NotResource and condition values only. Elsewhere `${...}`
// would be literal text that names nothing: a NotAction or NotPrincipal holding one would then
// apply to every action or caller, so such a policy is refused when it loads.
const VARIABLE_ELSEWHERE =
  "must not hold a policy variable (${...}): they belong in Resource and condition values";

function actionProblem(pattern: string): string | undefined {
  if (pattern.includes("${")) return VARIABLE_ELSEWHERE;
  if (pattern === "*") return undefined;
  const [service = "", name, extra] = pattern.split(":");
  if (name === undefined || extra !== undefined) return 'must be "*" or service:Action, as in s3:GetObject';
  if (service === "" || /[\s*?]/.test(service))
    return "must start with a service prefix without spaces or wildcards";
  if (name === "" || /\s/.test(name))
    return "must have an action name without spaces after the service prefix";
  return undefined;
}

function resourceProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_RESOURCE_LENGTH) return `must be at most ${MAX_RESOURCE_LENGTH} characters`;
  if (pattern === "*") return undefined;
  if (!pattern.startsWith("arn:")) return 'must be "*" or an ARN';
  // The resource part may itself hold colons, so six parts is a minimum.
  if (pattern.split(":").length < 6)
    return "must be an ARN of six parts: arn:partition:service:region:account:resource";
  return undefined;
}

// Only "*" as a whole principal is a wildcard; `*` inside a name would match nothing in IAM.
function principalProblem(name: string): string | undefined {
  if (name.includes("${")) return VARIABLE_ELSEWHERE;
  return name !== "*" && /[*?]/.test(name)
    ? 'must not contain wildcards (only "*" as the whole principal)'
    : undefined;
}

function parsePrincipal({ value, not, path }: Element, bad: Problem): PrincipalList {
  if (value === "*") return Object.freeze({ not, any: true, names: Object.freeze({}) });
  if (!isObject(value))
    throw bad(path, `must be "*" or an object with any of: ${PRINCIPAL_TYPES.join(", ")}`);
  const keys = Object.keys(value);
  if (keys.length === 0) throw bad(path, "must name at least one principal");
  const names: Partial<Record<PrincipalType, readonly string[]>> = {};
  for (const key of keys) {
    const type = PRINCIPAL_TYPES.find((t) => t === key);
    if (type === undefined)
      throw bad(`${path}.${key}`, `unknown principal type (expected one of: ${PRINCIPAL_TYPES.join(", ")})`);
    names[type] = strings(value[key], `${path}.${key}`, principalProblem, bad);
  }
  return Object.freeze({ not, any: names.AWS?.includes("*") ?? false, names: Object.freeze(names) });
}
