/**
 * `authorizer({ iam })`: SigV4 requests signed with the temporary credentials cognate issues
 * (Cognito Identity's GetCredentialsForIdentity, STS AssumeRoleWithWebIdentity), authorized as
 * API Gateway's `AWS_IAM` methods are: the signature, then the session's role's permission
 * policies (intersected with its session policy) for `execute-api:Invoke` on the request's ARN.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { Role } from "../../iam/roles.js";
import type { SessionClaims } from "../../iam/session.js";
import { SessionTokenCache } from "../../iam/session-token.js";
import { verifySigV4, type SigV4Credentials } from "../../protocol/sigv4.js";
import type { AuthorizerEnv } from "../env.js";
import type { Principal } from "../principal.js";
import { accessDenied, badRequest, roleGone, signatureRefused } from "./answers.js";
import { iamCaller, type IamCaller } from "./caller.js";
import { decide } from "./decide.js";
import { type IamAuthorizerOptions, resolveIamOptions, type ResolvedIamOptions } from "./options.js";
import { iamPrincipal } from "./principal.js";
import { assumedRoleArn, roleId } from "../../iam/role-arn.js";

/** The SigV4 signing name of API Gateway's APIs: clients sign for it (`--aws-sigv4 aws:amz:{region}:execute-api`). */
export const EXECUTE_API = "execute-api";

interface SessionCredentials extends SigV4Credentials {
  claims: SessionClaims;
}

// The body each verified request was read into, by the request that now carries it.
const bodies = new WeakMap<Request, Uint8Array>();

/**
 * The body `authorizer({ iam })` read to verify a request's signature, by the request it left in
 * `c.req.raw`; `undefined` for a request it did not verify. The gateway forwards it as read.
 */
export function signedBody(request: Request): Uint8Array | undefined {
  return bodies.get(request);
}

/**
 * The `iam` form of `authorizer()`: see {@link IamAuthorizerOptions}. On success the caller is
 * `c.var.principal` (its session in `principal.iam`), the decision `c.var.policyDecision`, and the
 * body, read to check the signature, is readable again (`c.req.json()`, `c.req.raw`).
 *
 * @throws {OptionsError} when an option is invalid, naming it (`iam.roles.Reader.Policies...`).
 */
export function iamAuthorizer(options: IamAuthorizerOptions): MiddlewareHandler<AuthorizerEnv> {
  const settings = resolveIamOptions(options);
  let sessions: Promise<SessionTokenCache> | undefined;
  const sessionCache = () => (sessions ??= settings.masterKey().then((key) => new SessionTokenCache(key)));

  return async function iamAuthorizer(c, next) {
    if (NO_METHOD.has(c.req.method)) throw badRequest();
    const now = settings.now();
    const claims = await verifySignature(c, settings, await sessionCache(), now);
    const role = settings.roles.roleFor(claims.roleArn);
    if (role === undefined) throw roleGone();
    const principal = await principalOf(claims, role);
    const { resource, decision, denial } = await decide(c, settings, role, claims, now);
    c.set("policyDecision", decision);
    if (denial !== undefined) throw accessDenied(principal.iam!.userArn, resource, denial);
    c.set("principal", principal);
    return next();
  };
}

/** The signature, with the session token opened as the key's lookup; the body kept for what follows. */
async function verifySignature(
  c: Context,
  settings: ResolvedIamOptions,
  sessions: SessionTokenCache,
  now: number,
): Promise<SessionClaims> {
  const request = c.req.raw;
  const verified = await verifySigV4<SessionCredentials>(request, {
    // No session token, no credentials: long-term keys are not cognate's to check.
    lookup: async (accessKeyId, token) => {
      if (token === undefined) return undefined;
      const claims = await sessions.open(token, now);
      if (claims === undefined || claims.accessKeyId !== accessKeyId) return undefined;
      return {
        accessKeyId,
        secretAccessKey: claims.secretKey,
        sessionToken: token,
        expiresAt: claims.expiresAt,
        claims,
      };
    },
    region: settings.api.region,
    service: EXECUTE_API,
    now: () => now,
    maxSkewMs: settings.maxSkewMs,
    maxBodyBytes: settings.maxBodyBytes,
    throttle: settings.throttle,
    clientAddress: settings.sourceIp?.(c),
  }).catch((error: unknown) => {
    // The client went away while its body was read: nothing to answer, nothing of ours failed.
    if (request.signal.aborted) throw badRequest(error);
    throw error;
  });
  if (!verified.ok) throw signatureRefused(verified);
  keepBody(c, verified.body);
  return verified.credentials.claims;
}

// The request's body was read to hash it: the request handed on carries it again, as Hono's own
// bodyLimit middleware does, so that handlers (and the gateway) read it as if nothing had.
/** Methods no request is passed on with (the Fetch standard's forbidden methods; API Gateway has none). */
const NO_METHOD: ReadonlySet<string> = new Set(["TRACE", "TRACK", "CONNECT"]);

function keepBody(c: Context, body: Uint8Array): void {
  const request = c.req.raw;
  if (request.bodyUsed) {
    // A GET or HEAD may not carry a body, and a read one cannot be passed on: it goes no further.
    const bodiless = request.method === "GET" || request.method === "HEAD";
    const copy = bodiless
      ? new Request(request.url, { method: request.method, headers: request.headers })
      : new Request(request, { body: body as Uint8Array<ArrayBuffer> });
    c.req.raw = copy;
    bodies.set(copy, body);
  } else bodies.set(request, body);
}

// The principal of a session under its role, made once per opened session (the token cache hands
// out the same claims object while the session lasts) and role (a registry made anew holds new
// role objects): deep-frozen, so one object serves every request, as a bearer token's does.
const principals = new WeakMap<SessionClaims, { role: Role; principal: Principal }>();

async function principalOf(claims: SessionClaims, role: Role): Promise<Principal> {
  const known = principals.get(claims);
  if (known?.role === role) return known.principal;
  const principal = iamPrincipal(await callerOf(claims, role));
  principals.set(claims, { role, principal });
  return principal;
}

async function callerOf(claims: SessionClaims, role: Role): Promise<IamCaller> {
  return iamCaller(claims, {
    name: role.name,
    arn: role.arn,
    id: await roleId(role.name),
    userArn: assumedRoleArn(role.name, claims.roleSessionName),
  });
}
