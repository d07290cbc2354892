/**
 * API Gateway's answers to requests its IAM (`AWS_IAM`) authorization refuses, word for word
 * where AWS's are known: 403 for every credential problem (its MISSING_AUTHENTICATION_TOKEN,
 * INVALID_SIGNATURE, EXPIRED_TOKEN and ACCESS_DENIED gateway responses), the body
 * `{"message": ...}`, the reason in `x-amzn-ErrorType`.
 */
import { HTTPException } from "hono/http-exception";
import type { SigV4Failure } from "../../protocol/sigv4-errors.js";

/** Why a session's request was denied: which policies, and whether a Deny said so. */
export interface Denial {
  explicit: boolean;
  /** The role's permission policies (`identity-based`) or the session policy (`session`). */
  by: "identity-based" | "session";
}

function answer(status: number, body: Record<string, string>, errorType: string, cause?: unknown) {
  return new HTTPException(status as 403, {
    message: errorType,
    cause,
    res: new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", "x-amzn-errortype": errorType },
    }),
  });
}

/**
 * A request whose signature could not be accepted, as API Gateway answers it: no signature at
 * all 403 `{"message":"Missing Authentication Token"}`; an unknown or forged session token 403
 * "The security token included in the request is invalid."; an expired one 403 "The security
 * token included in the request is expired"; a bad signature 403 "The request signature we
 * calculated does not match..."; a malformed one 403 with what is wrong; a body over the route's
 * limit 413 `{"message":"Request Entity Too Large"}` (API Gateway's own words for its limit); too
 * many failed signatures 429 `{"message":"Too Many Requests"}` (its THROTTLED response).
 */
export function signatureRefused(failure: SigV4Failure): HTTPException {
  switch (failure.error) {
    case "MissingAuthenticationTokenException":
      return answer(403, { message: "Missing Authentication Token" }, failure.error);
    case "RequestEntityTooLargeException":
      return answer(413, { message: "Request Entity Too Large" }, failure.error);
    case "ThrottlingException":
      return answer(429, { message: "Too Many Requests" }, failure.error);
    default:
      return answer(403, { message: failure.message }, failure.error);
  }
}

/**
 * A request the gateway does not pass on, whoever signed it: a client that went away while its
 * body was read (no one reads the answer; it is not an error of cognate's), or a method that
 * carries no request on (TRACE, TRACK, CONNECT: API Gateway has none of them). 400.
 */
export function badRequest(cause?: unknown): HTTPException {
  return answer(400, { message: "Bad Request" }, "BadRequestException", cause);
}

/** The session's role no longer exists: its credentials are no longer valid, as in IAM. */
export function roleGone(): HTTPException {
  return answer(
    403,
    { message: "The security token included in the request is invalid." },
    "UnrecognizedClientException",
  );
}

/**
 * API Gateway hides the account in the resource of a denial, all but its last four digits:
 * `arn:aws:execute-api:eu-west-1:********9012:api/stage/GET/path`.
 */
export function maskedAccount(resourceArn: string): string {
  return resourceArn.replace(/^(arn:[^:]*:[^:]*:[^:]*:)(\d{8})(\d{4}:)/, "$1********$3");
}

/**
 * The policies deny: 403 `{"Message": "User: <assumed-role ARN> is not authorized to perform:
 * execute-api:Invoke on resource: <ARN, account masked> because no identity-based policy allows
 * the execute-api:Invoke action"}` (capital `Message`, as API Gateway writes its policy denials),
 * ending in AWS's words for the case: `because no session policy allows the execute-api:Invoke
 * action`, `with an explicit deny in an identity-based policy`, `with an explicit deny in a
 * session policy` (IAM's "access denied error messages" wording; older AWS answers stop after the
 * resource, or say only "with an explicit deny").
 */
export function accessDenied(userArn: string, resourceArn: string, denial: Denial): HTTPException {
  const action = "execute-api:Invoke";
  const reason = denial.explicit
    ? `with an explicit deny in ${denial.by === "session" ? "a session" : "an identity-based"} policy`
    : `because no ${denial.by} policy allows the ${action} action`;
  const message = `User: ${userArn} is not authorized to perform: ${action} on resource: ${maskedAccount(resourceArn)} ${reason}`;
  return answer(403, { Message: message }, "AccessDeniedException");
}
