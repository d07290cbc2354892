/**
 * Roles: a trust policy (who may assume the role), permission policies (what its sessions may do)
 * and a maximum session duration, written as IAM's own documents, by role name: the files of
 * `policies/roles/` on Node, the configuration's `roles` field on Workers.
 */
import { PolicyError } from "../policy/errors.js";
import { parsePolicy } from "../policy/parse.js";
import type { Policy, PolicyDocument } from "../policy/types.js";
import { join, objectOf, OptionsError, shown } from "../util/validate.js";
import { parseRoleArn, ROLE_NAME, roleArn } from "./role-arn.js";

/**
 * A role as written: `policies/roles/<RoleName>.json`, or one entry of the configuration's `roles`.
 * Policies may be given as objects or as JSON text (IAM's API returns them as text).
 *
 * @example
 * ```json
 * {
 *   "AssumeRolePolicyDocument": {
 *     "Version": "2012-10-17",
 *     "Statement": [{
 *       "Effect": "Allow",
 *       "Principal": { "Federated": "cognito-identity.amazonaws.com" },
 *       "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
 *       "Condition": {
 *         "StringEquals": { "cognito-identity.amazonaws.com:aud": "us-east-1:4f1e..." },
 *         "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" }
 *       }
 *     }]
 *   },
 *   "Policies": {
 *     "own-files": {
 *       "Version": "2012-10-17",
 *       "Statement": [{ "Effect": "Allow", "Action": "execute-api:Invoke",
 *         "Resource": "arn:aws:execute-api:*:*:*\/*\/GET/files/${cognito-identity.amazonaws.com:sub}/*" }]
 *     }
 *   },
 *   "MaxSessionDuration": 3600
 * }
 * ```
 */
export interface RoleDocument {
  AssumeRolePolicyDocument: PolicyDocument | string;
  /** Inline permission policies, by name. None: the role may do nothing. */
  Policies?: Record<string, PolicyDocument | string>;
  /** Seconds, 3600 to 43200 (IAM's bounds); 3600 when absent. */
  MaxSessionDuration?: number;
  /** Free text, for the reader. */
  Description?: string;
}

/** A role, validated and its policies parsed. */
export interface Role {
  readonly name: string;
  /** `arn:aws:iam::000000000000:role/{name}`. */
  readonly arn: string;
  /** The trust policy (`AssumeRolePolicyDocument`): every statement names a Principal. */
  readonly trust: Policy;
  /** The permission policies, in the order written; no statement names a Principal. */
  readonly policies: readonly Policy[];
  /** Seconds: the longest session STS may issue for the role. */
  readonly maxSessionDuration: number;
}

/** IAM's default and bounds for `MaxSessionDuration`. */
export const DEFAULT_MAX_SESSION_DURATION = 3600;
const MIN_MAX_SESSION = 3600;
const MAX_MAX_SESSION = 43200;
/** IAM's policy name pattern. */
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const ROLE_FIELDS = ["AssumeRolePolicyDocument", "Policies", "MaxSessionDuration", "Description"];

/**
 * Where a role was written: `path` names its fields in errors (`roles.Reader` in the
 * configuration; empty for a file, whose name `file` then prefixes every error and label).
 */
interface Origin {
  path: string;
  file?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function fieldOf(origin: Origin, ...keys: (string | number)[]): string {
  const path = keys.reduce<string>((p, k) => join(p, k), origin.path);
  if (origin.file === undefined) return path;
  return path === "" ? origin.file : `${origin.file}: ${path}`;
}

/** A policy of the role, parsed; a grammar error becomes an OptionsError naming the field. */
function policyOf(value: unknown, origin: Origin, keys: string[], kind: "identity" | "resource"): Policy {
  const field = fieldOf(origin, ...keys);
  if (typeof value !== "string" && !isObject(value))
    throw new OptionsError(field, `must be a policy document (an object or JSON text), got ${shown(value)}`);
  try {
    return parsePolicy(kind === "resource" ? trustDocument(value, field) : value, field, { kind });
  } catch (e) {
    if (e instanceof PolicyError)
      throw new OptionsError(e.path === "(document)" ? field : `${field}.${e.path}`, e.problem);
    throw e;
  }
}

/**
 * A trust policy names no resource: the role it is attached to is the resource. IAM refuses a
 * Resource or NotResource in one ("Has prohibited field Resource"), and NotPrincipal too ("You
 * can't use the NotPrincipal element in ... an IAM role trust policy"). The engine's grammar
 * wants a resource in every statement, so each statement is given `Resource: "*"` (the role).
 */
function trustDocument(value: PolicyDocument | string, field: string): PolicyDocument {
  let document: unknown = value;
  if (typeof value === "string") {
    try {
      document = JSON.parse(value.replace(/^\uFEFF/, ""));
    } catch (cause) {
      throw new OptionsError(field, `is not valid JSON (${(cause as Error).message})`);
    }
  }
  if (!isObject(document)) return document as PolicyDocument; // the parser says what is wrong
  const raw = document.Statement;
  const statements = Array.isArray(raw) ? raw : [raw];
  const adjusted = statements.map((statement: unknown, i) => {
    if (!isObject(statement)) return statement;
    const at = Array.isArray(raw) ? `Statement[${i}]` : "Statement";
    for (const prohibited of ["Resource", "NotResource", "NotPrincipal"]) {
      if (statement[prohibited] !== undefined)
        throw new OptionsError(`${field}.${at}.${prohibited}`, "is not allowed in a trust policy");
    }
    return { ...statement, Resource: "*" };
  });
  return raw === undefined
    ? document
    : { ...document, Statement: Array.isArray(raw) ? adjusted : adjusted[0] };
}

/**
 * Validates one role's document and parses its policies. `path` names it in errors (e.g.
 * `roles.Reader`); `file`, when given, prefixes every error and names its policies in
 * explanations (`policies/roles/Reader.json: Policies.read Statement[0]`).
 *
 * @throws {OptionsError} naming the field that is wrong, e.g.
 *   `roles.Reader.AssumeRolePolicyDocument.Statement[0].Principal: ...`.
 */
export function resolveRole(name: string, value: unknown, path: string, file?: string): Role {
  const origin: Origin = { path, file };
  const at = fieldOf(origin);
  if (!ROLE_NAME.test(name))
    throw new OptionsError(
      at || "(role)",
      `${shown(name)} is not a role name (1 to 64 of A-Z a-z 0-9 _ + = , . @ -)`,
    );
  if (!isObject(value)) throw new OptionsError(at || "(role)", `must be an object, got ${shown(value)}`);
  try {
    objectOf(value, path, ROLE_FIELDS);
  } catch (e) {
    if (e instanceof OptionsError && file !== undefined)
      throw new OptionsError(`${file}: ${e.path}`, e.problem);
    throw e;
  }
  if (value.AssumeRolePolicyDocument === undefined)
    throw new OptionsError(
      fieldOf(origin, "AssumeRolePolicyDocument"),
      "is required: a role needs a trust policy",
    );
  const trust = policyOf(value.AssumeRolePolicyDocument, origin, ["AssumeRolePolicyDocument"], "resource");

  const policies: Policy[] = [];
  if (value.Policies !== undefined) {
    if (!isObject(value.Policies))
      throw new OptionsError(
        fieldOf(origin, "Policies"),
        `must be an object of policies by name, got ${shown(value.Policies)}`,
      );
    for (const [policyName, document] of Object.entries(value.Policies)) {
      if (!POLICY_NAME.test(policyName))
        throw new OptionsError(
          fieldOf(origin, "Policies", policyName),
          "is not a policy name (1 to 128 of A-Z a-z 0-9 _ + = , . @ -)",
        );
      policies.push(policyOf(document, origin, ["Policies", policyName], "identity"));
    }
  }

  const duration = value.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION;
  if (
    !Number.isInteger(duration) ||
    (duration as number) < MIN_MAX_SESSION ||
    (duration as number) > MAX_MAX_SESSION
  )
    throw new OptionsError(
      fieldOf(origin, "MaxSessionDuration"),
      `must be a whole number of seconds from ${MIN_MAX_SESSION} to ${MAX_MAX_SESSION}, got ${shown(duration)}`,
    );
  if (value.Description !== undefined && typeof value.Description !== "string")
    throw new OptionsError(
      fieldOf(origin, "Description"),
      `must be a string, got ${shown(value.Description)}`,
    );

  return Object.freeze({
    name,
    arn: roleArn(name),
    trust,
    policies: Object.freeze(policies),
    maxSessionDuration: duration as number,
  });
}

/**
 * The roles cognate knows, looked up by ARN. A role ARN names its role by name: any 12-digit
 * account and any path resolve to the role of that name, so configurations written for AWS
 * (`arn:aws:iam::123456789012:role/service-role/Reader`) work unchanged.
 */
export class RoleRegistry {
  readonly #roles: ReadonlyMap<string, Role>;

  constructor(roles: Iterable<Role> = []) {
    const byName = new Map<string, Role>();
    for (const role of roles) byName.set(role.name, role);
    this.#roles = byName;
  }

  /** The role an ARN names, or `undefined` (not a role ARN, or no such role). */
  roleFor(arn: string): Role | undefined {
    const parts = parseRoleArn(arn);
    return parts === undefined ? undefined : this.#roles.get(parts.name);
  }

  /** The role of that name, or `undefined`. */
  named(name: string): Role | undefined {
    return this.#roles.get(name);
  }

  /** The role names, sorted. */
  get names(): string[] {
    return [...this.#roles.keys()].sort();
  }

  get size(): number {
    return this.#roles.size;
  }
}

/**
 * Validates the configuration's `roles` field: `{ RoleName: RoleDocument }`, the same documents
 * as `policies/roles/<RoleName>.json` (how roles reach a Worker, which has no files).
 *
 * @throws {OptionsError} naming the field that is wrong, e.g. `roles.Reader.MaxSessionDuration`.
 *
 * @example
 * ```ts
 * const roles = resolveRoles(config.roles, "roles");
 * roles.roleFor("arn:aws:iam::123456789012:role/Reader")?.maxSessionDuration; // 3600
 * ```
 */
export function resolveRoles(value: unknown, path: string): RoleRegistry {
  if (value === undefined) return new RoleRegistry();
  if (!isObject(value))
    throw new OptionsError(
      path || "(roles)",
      `must be an object of role documents by role name, got ${shown(value)}`,
    );
  return distinctRoles(
    Object.entries(value).map(([name, document]) => {
      const at = join(path, name);
      return { role: resolveRole(name, document, at), at };
    }),
  );
}

/**
 * The registry of roles resolved one by one, `at` naming where each was written. IAM: "Role names
 * must be unique within the account. They are not distinguished by case"; two names that differ
 * only by case are refused.
 *
 * @throws {OptionsError} at the second of two such roles.
 */
export function distinctRoles(roles: readonly { role: Role; at: string }[]): RoleRegistry {
  const seen = new Map<string, string>();
  for (const { role, at } of roles) {
    const first = seen.get(role.name.toLowerCase());
    if (first !== undefined)
      throw new OptionsError(
        at,
        `the role name ${shown(role.name)} is also used by ${first}: role names are not distinguished by case`,
      );
    seen.set(role.name.toLowerCase(), at);
  }
  return new RoleRegistry(roles.map((r) => r.role));
}
