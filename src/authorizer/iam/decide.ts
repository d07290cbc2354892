/**
 * The policy decision on a verified SigV4 request: `execute-api:Invoke` on the request's
 * execute-api ARN (the one bearer routes' policies see), with the session's condition keys.
 */
import type { Context } from "hono";
import { type SessionDecision, sessionDecision } from "../../iam/permissions.js";
import type { Role } from "../../iam/roles.js";
import type { SessionClaims } from "../../iam/session.js";
import { requestFactsContext } from "../../iam/request-facts.js";
import { sessionContext } from "../../iam/session-context.js";
import type { ContextValue } from "../../policy/types.js";
import { canonicalPath, foldCase } from "../../util/path.js";
import type { EvaluateOptions } from "../../policy/evaluate.js";

const FOLDED: EvaluateOptions = { foldValue: foldCase };
import { ambiguousPath } from "../challenge.js";
import { resourceArn } from "../request-context.js";
import type { Denial } from "./answers.js";
import type { ResolvedIamOptions } from "./options.js";

/** What was decided, on which resource; `denial` says why when it is not an Allow. */
export interface IamDecision {
  resource: string;
  decision: SessionDecision;
  denial: Denial | undefined;
}

/**
 * Evaluates the session's role's permission policies, intersected with its session policy, for
 * `execute-api:Invoke` on `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}`
 * (HEAD as GET, as bearer routes), with the keys of `sessionContext`: the web identity's
 * (`cognito-identity.amazonaws.com:sub`, `:aud`, `:amr`), `aws:PrincipalTag/*`, `aws:userid`,
 * `aws:PrincipalArn`..., and the request's (`aws:SourceIp`, `aws:CurrentTime`, `aws:EpochTime`,
 * `aws:SecureTransport`).
 *
 * @throws {HTTPException} 400 for a path that servers may read in more than one way.
 */
export async function decide(
  c: Context,
  settings: ResolvedIamOptions,
  role: Role,
  claims: SessionClaims,
  now: number,
): Promise<IamDecision> {
  const canonical = canonicalPath(c.req.url);
  const path = canonical === undefined || !settings.caseInsensitivePaths ? canonical : foldCase(canonical);
  if (path === undefined) throw ambiguousPath();
  const method = c.req.method === "HEAD" ? "GET" : c.req.method;
  const resource = resourceArn(settings.api, method, path);
  const sourceIp = settings.sourceIp?.(c);
  const context = {
    ...(await sessionKeys(claims)),
    ...requestFactsContext({
      now,
      secure: settings.secureTransport(c),
      ...(sourceIp === undefined ? {} : { sourceIp }),
    }),
  };
  // Case-insensitive paths: the values put into Resource variables are folded as the path was.
  const decision = sessionDecision(
    role,
    claims,
    { action: "execute-api:Invoke", resource, context },
    settings.caseInsensitivePaths ? FOLDED : {},
  );
  return { resource, decision, denial: denialOf(decision) };
}

// The session's own keys, worked out once per opened session (the token cache hands out the same
// claims object while the session lasts); the request's facts are written over them per request.
const sessions = new WeakMap<SessionClaims, Promise<Readonly<Record<string, ContextValue>>>>();

function sessionKeys(claims: SessionClaims): Promise<Readonly<Record<string, ContextValue>>> {
  let keys = sessions.get(claims);
  if (keys === undefined) {
    keys = sessionContext(claims, { now: claims.issuedAt });
    sessions.set(claims, keys);
  }
  return keys;
}

// Which policies stood in the way: a Deny where there is one; else the side with no Allow.
function denialOf(decision: SessionDecision): Denial | undefined {
  if (decision.decision === "Allow") return undefined;
  if (decision.decision === "ExplicitDeny")
    return { explicit: true, by: decision.role.decision === "ExplicitDeny" ? "identity-based" : "session" };
  return { explicit: false, by: decision.role.decision === "Allow" ? "session" : "identity-based" };
}
