import { PatternRouter } from "hono/router/pattern-router";
import { PolicyError } from "../policy/errors.js";
import { parsePolicy } from "../policy/parse.js";
import type { Policy, PolicyDocument } from "../policy/types.js";
import {
  join,
  objectOf,
  optionalNumber,
  optionalStrings,
  OptionsError,
  requiredString,
  shown,
} from "../util/validate.js";

/** A policy: a document, or the name of one in `files` (on Node, the files of `policies/`). */
export type PolicyInput = PolicyDocument | string;

/**
 * Policies for the requests of one route. `requireMfa` and `maxAuthAge` are shorthands for Deny
 * statements on `aws:MultiFactorAuthPresent` and `aws:MultiFactorAuthAge`, and so answer with an
 * RFC 9470 step-up challenge rather than a plain 403.
 *
 * @example
 * ```ts
 * { method: ["POST", "DELETE"], path: "/admin/*", requireMfa: true, maxAuthAge: 300 }
 * ```
 */
export interface RoutePolicies {
  /** HTTP methods; default any. */
  method?: string | string[];
  /** A Hono path pattern: `/orders/:id`, `/admin/*`. */
  path: string;
  policies?: PolicyInput[];
  /** Deny unless the token shows MFA (`amr`, RFC 8176). */
  requireMfa?: boolean;
  /** Deny unless MFA happened within this many seconds (`auth_time`). */
  maxAuthAge?: number;
}

/**
 * IAM-style policies, attached to every authenticated caller, to Cognito groups, to routes, plus
 * an optional resource policy. With no documents at all (shorthands only), callers are allowed
 * unless a shorthand denies.
 *
 * @example
 * ```ts
 * authorizer({
 *   issuers,
 *   policies: {
 *     everyone: ["read-only"],                        // policies/read-only.json
 *     groups: { admins: [{ Version: "2012-10-17", Statement: [...] }] },
 *     routes: [{ path: "/admin/*", requireMfa: true }],
 *     files: loadPolicyFiles("policies"),             // from "cognate/node"
 *   },
 * });
 * ```
 */
export interface PolicyOptions {
  everyone?: PolicyInput[];
  groups?: Record<string, PolicyInput[]>;
  routes?: RoutePolicies[];
  /** The API's own (resource) policy: its statements name principals. */
  resource?: PolicyInput;
  /** Named policy documents that `PolicyInput` strings refer to. */
  files?: Readonly<Record<string, PolicyDocument | Policy>>;
}

/** A route's policies, numbered so that the sets of policies a request gets can be memoized. */
export interface AttachedRoute {
  id: number;
  policies: Policy[];
}

/** The validated attachments: what applies to a request is found per group and per route. */
export interface PolicyAttachments {
  everyone: Policy[];
  groups: Map<string, Policy[]>;
  routes: PatternRouter<AttachedRoute>;
  resource: Policy | undefined;
}

const FIELDS = ["everyone", "groups", "routes", "resource", "files"];
const ROUTE_FIELDS = ["method", "path", "policies", "requireMfa", "maxAuthAge"];

// A policy parsed already (by `loadPolicyFiles`): frozen, with `statements` where a document has `Statement`.
function isParsed(value: unknown): value is Policy {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.isFrozen(value) &&
    Array.isArray((value as Policy).statements)
  );
}

const ALLOW_AUTHENTICATED = {
  Version: "2012-10-17",
  Statement: [{ Sid: "AllowAuthenticated", Effect: "Allow", Action: "*", Resource: "*" }],
};

function shorthand(sid: string, operator: string, key: string, value: string, source: string): Policy {
  const statement = {
    Sid: sid,
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { [operator]: { [key]: value } },
  };
  return parsePolicy({ Version: "2012-10-17", Statement: [statement] }, source);
}

/** Validates `policies`, parsing every document once; an error names the option and the statement. */
export function resolvePolicies(
  value: unknown,
  path: string,
  options: { caseInsensitivePaths?: boolean } = {},
): PolicyAttachments {
  const obj = objectOf(value, path, FIELDS);
  const files = objectOf(obj.files ?? {}, join(path, "files"), Object.keys(obj.files ?? {}));
  let documents = 0;
  const load = (input: unknown, at: string, kind: "identity" | "resource" = "identity"): Policy => {
    const policy = loadOne(input, at, kind);
    if (options.caseInsensitivePaths) lowerCasePathsOnly(policy, at);
    return policy;
  };
  const loadOne = (input: unknown, at: string, kind: "identity" | "resource"): Policy => {
    documents++;
    const named = typeof input === "string";
    if (named && !(input in files)) throw new OptionsError(at, `no policy named ${shown(input)} in files`);
    const document = named ? files[input] : input;
    if (isParsed(document)) {
      const principals = document.statements.some((s) => s.principal !== undefined);
      if (principals !== (kind === "resource"))
        throw new OptionsError(
          at,
          `${document.source}: ${kind === "resource" ? "a resource policy must name a Principal in every statement" : "an identity policy names no principal"}`,
        );
      return document;
    }
    try {
      return parsePolicy(document as PolicyDocument, named ? input : at, { kind });
    } catch (error) {
      if (error instanceof PolicyError) throw new OptionsError(at, error.message);
      throw error;
    }
  };
  const list = (input: unknown, at: string): Policy[] => {
    if (!Array.isArray(input))
      throw new OptionsError(at, `must be an array of policies, got ${shown(input)}`);
    return input.map((p, i) => load(p, join(at, i)));
  };

  const everyone = obj.everyone === undefined ? [] : list(obj.everyone, join(path, "everyone"));
  const groups = new Map<string, Policy[]>();
  const gp = join(path, "groups");
  for (const [group, policies] of Object.entries(
    objectOf(obj.groups ?? {}, gp, Object.keys(obj.groups ?? {})),
  )) {
    groups.set(group, list(policies, join(gp, group)));
  }
  const resource =
    obj.resource === undefined ? undefined : load(obj.resource, join(path, "resource"), "resource");

  const routes = new PatternRouter<AttachedRoute>();
  const rp = join(path, "routes");
  if (obj.routes !== undefined && !Array.isArray(obj.routes))
    throw new OptionsError(rp, `must be an array, got ${shown(obj.routes)}`);
  ((obj.routes ?? []) as unknown[]).forEach((route, i) => {
    const at = join(rp, i);
    const r = objectOf(route, at, ROUTE_FIELDS);
    const routePath = requiredString(r, "path", at, (p) => (p.startsWith("/") ? null : "must start with /"));
    const methods = optionalStrings(r, "method", at, (m) =>
      /^[A-Za-z]+$|^\*$/.test(m) ? null : "must be an HTTP method",
    ) ?? ["*"];
    const policies = r.policies === undefined ? [] : list(r.policies, join(at, "policies"));
    if (r.requireMfa !== undefined && typeof r.requireMfa !== "boolean")
      throw new OptionsError(join(at, "requireMfa"), `must be a boolean, got ${shown(r.requireMfa)}`);
    if (r.requireMfa === true)
      policies.push(
        shorthand("RequireMfa", "BoolIfExists", "aws:MultiFactorAuthPresent", "false", `${at}.requireMfa`),
      );
    const maxAge = optionalNumber(r, "maxAuthAge", at, 0, 31_536_000);
    if (maxAge !== undefined)
      policies.push(
        shorthand(
          "MaxAuthAge",
          "NumericGreaterThanIfExists",
          "aws:MultiFactorAuthAge",
          String(Math.floor(maxAge)),
          `${at}.maxAuthAge`,
        ),
      );
    for (const method of methods) {
      try {
        // Matched against the lower-cased path when paths are case-insensitive: the pattern too.
        routes.add(
          method === "*" ? "ALL" : method.toUpperCase(),
          options.caseInsensitivePaths ? routePath.toLowerCase() : routePath,
          { id: i, policies },
        );
      } catch {
        throw new OptionsError(
          join(at, "path"),
          `is not a path pattern Hono supports, got ${shown(routePath)}`,
        );
      }
    }
  });

  // Shorthands alone deny; they need something that allows when they do not.
  if (documents === 0) everyone.push(parsePolicy(ALLOW_AUTHENTICATED, "cognate:allow-authenticated"));
  return { everyone, groups, routes, resource };
}

// With case-insensitive paths the resource ARN's path is lower case: a Resource naming a path in
// upper case would never match, and a Deny written so would silently never apply.
function lowerCasePathsOnly(policy: Policy, at: string): void {
  for (const statement of policy.statements) {
    for (const pattern of statement.resource.patterns) {
      if (!pattern.startsWith("arn:")) continue;
      // arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}; policy variables aside.
      const path = pattern
        .split(":")
        .slice(5)
        .join(":")
        .split("/")
        .slice(3)
        .join("/")
        .replace(/\$\{[^}]*\}/g, "");
      if (/[A-Z]/.test(path)) {
        const name = `${policy.source} Statement[${statement.index}]${statement.sid === undefined ? "" : ` (Sid ${JSON.stringify(statement.sid)})`}`;
        throw new OptionsError(
          at,
          `${name}: ${statement.resource.not ? "NotResource" : "Resource"} ${JSON.stringify(pattern)} names a path in upper case, which never matches with caseInsensitivePaths (paths are lower-cased)`,
        );
      }
    }
  }
}

// The sets of identity policies requests get, by (attached groups, matched routes): few distinct
// sets, each built once, so that evaluate() reuses its statement index for each.
const MAX_SETS = 1024;

/** Finds the identity policies that apply to a caller in `groups` asking for `method path`. */
export class PolicySelector {
  private readonly sets = new Map<string, Policy[]>();
  constructor(private readonly attachments: PolicyAttachments) {}

  select(groups: readonly string[], method: string, path: string): Policy[] {
    const { everyone, groups: byGroup, routes } = this.attachments;
    const attached = groups.filter((g) => byGroup.has(g));
    const [matches] = routes.match(method.toUpperCase(), path);
    if (attached.length === 0 && matches.length === 0) return everyone;
    const key = `${attached.join("\u0000")}\u0001${matches.map(([r]) => (r as AttachedRoute).id).join(",")}`;
    let set = this.sets.get(key);
    if (set === undefined) {
      set = [
        ...everyone,
        ...attached.flatMap((g) => byGroup.get(g)!),
        ...matches.flatMap(([r]) => (r as AttachedRoute).policies),
      ];
      if (this.sets.size >= MAX_SETS) this.sets.clear();
      this.sets.set(key, set);
    }
    return set;
  }
}
