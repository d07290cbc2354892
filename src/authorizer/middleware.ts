import type { MiddlewareHandler } from "hono";
import { signatureCrypto } from "#crypto";
import type { Context } from "hono";
import { type EvaluateOptions, evaluate, type Policies } from "../policy/evaluate.js";
import type { Policy } from "../policy/types.js";
import { canonicalPath, foldCase } from "../util/path.js";
import { ambiguousPath, bearerFailure, forbidden, keysUnavailable, stepUpRequired } from "./challenge.js";
import { bearerToken } from "./credentials.js";
import { resolveOptions, type AuthorizerOptions, type PolicyGate } from "./options.js";
import type { Principal } from "./principal.js";
import { policyRequest } from "./request-context.js";
import { stepUpFor } from "./step-up.js";
import { JwksUnavailableError, JwtError } from "./verify/errors.js";
import type { RevocationList } from "./verify/revocations.js";
import { TokenVerifier } from "./verify/verifier.js";

import type { AuthorizerEnv } from "./env.js";
import { iamAuthorizer } from "./iam/middleware.js";
import { type IamAuthorizerOptions, isIamOptions } from "./iam/options.js";

export type { AuthorizerEnv };

/**
 * Hono middleware that admits requests bearing a valid JWT from a trusted Cognito user pool or
 * OIDC issuer, and publishes the caller as `c.var.principal`.
 *
 * Failures answer per RFC 6750: no credentials 401 with a bare `WWW-Authenticate: Bearer realm`,
 * a bad token 401 `invalid_token`, a malformed header 400 `invalid_request`, a missing scope
 * 403 `insufficient_scope`; a missing group 403; unreachable issuer keys 503.
 *
 * With `iam` in place of `issuers` ({@link IamAuthorizerOptions}), it admits SigV4 requests
 * signed with cognate's temporary credentials (Cognito Identity, STS) that their role's policies
 * allow, and answers as API Gateway's IAM authorization (403 `Missing Authentication Token`...).
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { authorizer } from "cognate";
 *
 * const app = new Hono();
 * app.use("/api/*", authorizer({
 *   issuers: [
 *     { type: "cognito", userPoolId: "us-east-1_AbCdEf", clientId: "4tq3...", tokenUse: "access" },
 *     { type: "oidc", issuer: "https://idp.example.com", audience: "my-api" },
 *   ],
 *   scopes: ["orders/read"],
 * }));
 * app.get("/api/me", (c) => c.json(c.var.principal));
 * ```
 *
 * @throws {OptionsError} when an option is invalid, naming it (`issuers[0].userPoolId: ...`).
 */
export function authorizer(
  options: AuthorizerOptions | IamAuthorizerOptions,
): MiddlewareHandler<AuthorizerEnv> {
  if (isIamOptions(options)) return iamAuthorizer(options);
  const {
    verifier: settings,
    revocations,
    scopes,
    groups,
    realm,
    retryAfterSeconds,
    policy,
  } = resolveOptions(options, signatureCrypto);
  const verifier = new TokenVerifier(settings);

  async function verify(authorization: string | null): Promise<Principal> {
    const token = bearerToken(authorization, realm);
    try {
      return await verifier.verify(token);
    } catch (error) {
      if (error instanceof JwtError)
        throw bearerFailure(realm, "invalid_token", error.message, { cause: error });
      if (error instanceof JwksUnavailableError) throw keysUnavailable(retryAfterSeconds, error);
      throw error;
    }
  }

  async function refuseRevoked(lists: Map<string, RevocationList>, principal: Principal): Promise<void> {
    let revoked = lists.get(principal.issuer)?.revoked(principal.claims) ?? false;
    if (revoked instanceof Promise) {
      revoked = await revoked.catch((error: unknown) => {
        throw error instanceof JwksUnavailableError ? keysUnavailable(retryAfterSeconds, error) : error;
      });
    }
    if (revoked) throw bearerFailure(realm, "invalid_token", "the token has been revoked");
  }

  return async function authorizer(c, next) {
    const authorization = c.req.raw.headers.get("authorization");
    // The hot path: a token verified before, sent as `Bearer <token>`, costs a hash and a lookup.
    let principal = authorization?.startsWith("Bearer ")
      ? verifier.cached(authorization.slice(7))
      : undefined;
    if (principal instanceof Promise) principal = await principal;
    principal ??= await verify(authorization);
    if (revocations !== undefined) await refuseRevoked(revocations, principal);
    if (scopes !== undefined && !principal.scopes.some((s) => scopes.includes(s))) {
      throw bearerFailure(realm, "insufficient_scope", "the token lacks a required scope", { scope: scopes });
    }
    if (groups !== undefined && !principal.groups.some((g) => groups.includes(g))) {
      throw forbidden("the caller is in none of the required groups");
    }
    c.set("principal", principal);
    if (policy !== undefined) authorize(policy, c, principal, settings.now(), realm);
    return next();
  };
}

const FOLDED: EvaluateOptions = { foldValue: foldCase };

// With a resource policy, one PolicySet per identity set, so evaluate() keeps its index for each.
const withResource = new WeakMap<Policy[], Policies>();

/** Evaluates the policies that apply; throws the 403, or the RFC 9470 step-up 401, when they deny. */
function authorize(gate: PolicyGate, c: Context, principal: Principal, now: number, realm: string): void {
  const { url } = c.req;
  const canonical = canonicalPath(url);
  // Case-insensitive: the path the upstream may read as the same one, in one spelling (see foldCase).
  const path = canonical === undefined || !gate.caseInsensitivePaths ? canonical : foldCase(canonical);
  if (path === undefined) throw ambiguousPath();
  // HEAD is GET without the body, and Hono (as most servers) runs the GET handler for it.
  const method = c.req.method === "HEAD" ? "GET" : c.req.method;
  const identity = gate.selector.select(principal.groups, method, path);
  let policies: Policies = identity;
  if (gate.resource !== undefined) {
    policies = withResource.get(identity) ?? { identity, resource: gate.resource };
    withResource.set(identity, policies);
  }
  const facts = { method, path, secure: gate.secureTransport(c), sourceIp: gate.sourceIp?.(c), now };
  const request = {
    ...policyRequest(principal, facts, gate.api),
    principal: { Federated: [principal.issuer] },
  };
  // The path was folded: so must the values policies substitute into it be (a Deny on
  // `users/${aws:username}` would otherwise miss user `Bob`).
  const options = gate.caseInsensitivePaths ? FOLDED : undefined;
  const result = evaluate(policies, request, options);
  c.set("policyDecision", result);
  if (result.decision === "Allow") return;
  const step = stepUpFor(policies, request, result, gate.acrValues, options);
  if (step !== undefined)
    throw stepUpRequired(realm, "a more recent multi-factor authentication is required", step);
  throw forbidden(`policies: ${result.decision}`, result.decision === "ExplicitDeny");
}
