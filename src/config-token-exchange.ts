/**
 * The configuration's `tokenExchange`: the policies that decide which app client may exchange
 * which subject's access token for a token of which resource server (RFC 8693 token exchange at
 * the pools' `/oauth2/token`; src/oauth/exchange/policy.ts has the action, the resource and the
 * context keys). Without the section, or with no policies, token exchange is refused everywhere.
 */
import { PolicyError } from "./policy/errors.js";
import { parsePolicy } from "./policy/parse.js";
import type { Policy, PolicyDocument } from "./policy/types.js";
import { join, objectOf, OptionsError, shown } from "./util/validate.js";

/**
 * `tokenExchange`: identity policies (no `Principal`), as documents or, on Node, by the name of a
 * file of the policies directory (`"exchange-orders"` for `policies/exchange-orders.json`).
 *
 * @example
 * ```json
 * {
 *   "tokenExchange": {
 *     "policies": [{
 *       "Version": "2012-10-17",
 *       "Statement": [{
 *         "Effect": "Allow",
 *         "Action": "cognito-idp:TokenExchange",
 *         "Resource": "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_AbC/resource-server/https://orders.example.com",
 *         "Condition": { "StringEquals": { "cognito-idp:ClientName": "checkout-backend" } }
 *       }]
 *     }]
 *   }
 * }
 * ```
 */
export interface TokenExchangeConfig {
  policies: (PolicyDocument | string)[];
}

const NAME = /^[\w+=,.@-]{1,128}$/;

// Each configuration's documents are parsed once more, when the gateway is made, and kept.
const parsed = new WeakMap<object, Policy>();

function document(value: PolicyDocument, at: string): Policy {
  let policy = parsed.get(value);
  if (policy === undefined) {
    try {
      policy = parsePolicy(value, at, { kind: "identity" });
    } catch (error) {
      if (error instanceof PolicyError) throw new OptionsError(at, error.message);
      throw error;
    }
    parsed.set(value, policy);
  }
  return policy;
}

/**
 * Validates the field and returns it as given (a resolved configuration stays a valid one):
 * names are checked against the policy files when the gateway is made ({@link tokenExchangePolicies}).
 *
 * @throws {OptionsError} at `tokenExchange.policies[0]...`.
 */
export function configTokenExchange(value: unknown): TokenExchangeConfig | undefined {
  if (value === undefined) return undefined;
  const obj = objectOf(value, "tokenExchange", ["policies"]);
  const at = join("tokenExchange", "policies");
  if (!Array.isArray(obj.policies))
    throw new OptionsError(at, `must be an array of policies or policy names, got ${shown(obj.policies)}`);
  obj.policies.forEach((policy: unknown, i) => {
    const where = join(at, i);
    if (typeof policy === "string") {
      if (!NAME.test(policy))
        throw new OptionsError(where, `must be a policy file's name, got ${shown(policy)}`);
    } else if (typeof policy === "object" && policy !== null && !Array.isArray(policy)) {
      document(policy as PolicyDocument, where);
    } else {
      throw new OptionsError(
        where,
        `must be a policy document or a policy file's name, got ${shown(policy)}`,
      );
    }
  });
  return value as TokenExchangeConfig;
}

/**
 * The token-exchange policies, parsed: documents as they are, names from `files` (on Node, the
 * policies directory; a Worker has none, so it gives documents).
 *
 * @throws {OptionsError} at `tokenExchange.policies[i]` for a name with no file, or a file that
 *   names a `Principal` (a resource policy).
 * @example
 * ```ts
 * tokenExchangePolicies(config.tokenExchange, loadPolicyFiles("policies")); // [Policy, ...]
 * ```
 */
export function tokenExchangePolicies(
  config: TokenExchangeConfig | undefined,
  files: Readonly<Record<string, Policy>> | undefined,
): Policy[] {
  if (config === undefined) return [];
  const at = join("tokenExchange", "policies");
  return config.policies.map((policy, i) => {
    const where = join(at, i);
    if (typeof policy !== "string") return document(policy, where);
    const file = files !== undefined && Object.hasOwn(files, policy) ? files[policy] : undefined;
    if (file === undefined)
      throw new OptionsError(
        where,
        `no policy named ${shown(policy)}${files === undefined ? " (there is no policies directory: give the document)" : " in the policies directory"}`,
      );
    if (file.statements.some((s) => s.principal !== undefined))
      throw new OptionsError(
        where,
        `${file.source}: a token exchange policy is an identity policy and names no Principal`,
      );
    return file;
  });
}
