import { HTTPException } from "hono/http-exception";

/**
 * RFC 6750 §3 bearer challenges, made in one place. The body is API Gateway's `{"message": ...}`;
 * the protocol lives in the `WWW-Authenticate` header.
 */
export type BearerError = "invalid_request" | "invalid_token" | "insufficient_scope";

const STATUS: Record<BearerError, 400 | 401 | 403> = {
  invalid_request: 400,
  invalid_token: 401,
  insufficient_scope: 403,
};

const MESSAGE: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
};

// RFC 6750 §3: error_description and scope values may not carry `"` or `\` (or non-ASCII).
function quoted(value: string): string {
  return `"${value.replace(/"/g, "'").replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, "?")}"`;
}

/** The `WWW-Authenticate` value: `Bearer realm="..."`, plus the error parameters when there is an error. */
export function bearerChallenge(
  realm: string,
  error?: BearerError,
  description?: string,
  scope?: readonly string[],
): string {
  let challenge = `Bearer realm=${quoted(realm)}`;
  if (error !== undefined) challenge += `, error="${error}"`;
  if (description !== undefined) challenge += `, error_description=${quoted(description)}`;
  if (scope !== undefined && scope.length > 0) challenge += `, scope=${quoted(scope.join(" "))}`;
  return challenge;
}

function json(status: number, message: string, headers: Record<string, string>): Response {
  return new Response(JSON.stringify({ message }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A request with no bearer credentials: 401 and a challenge with no error code (§3.1). */
export function missingCredentials(realm: string): HTTPException {
  return new HTTPException(401, {
    message: "Unauthorized",
    res: json(401, MESSAGE[401]!, { "www-authenticate": bearerChallenge(realm) }),
  });
}

/** A bearer error: `invalid_request` 400, `invalid_token` 401, `insufficient_scope` 403 (with the scopes that would do). */
export function bearerFailure(
  realm: string,
  error: BearerError,
  description: string,
  options: { scope?: readonly string[]; cause?: unknown } = {},
): HTTPException {
  const status = STATUS[error];
  return new HTTPException(status, {
    message: description,
    cause: options.cause,
    res: json(status, MESSAGE[status]!, {
      "www-authenticate": bearerChallenge(realm, error, description, options.scope),
    }),
  });
}

/**
 * Authenticated, but not allowed (a required group is missing, or the policies deny): 403 as
 * API Gateway words it, naming an explicit deny as such.
 */
export function forbidden(description: string, explicitDeny = false): HTTPException {
  const message = explicitDeny
    ? "User is not authorized to access this resource with an explicit deny"
    : "User is not authorized to access this resource";
  return new HTTPException(403, { message: description, res: json(403, message, {}) });
}

/**
 * RFC 9470: the request would be allowed after a fresh multi-factor authentication. 401 with
 * `error="insufficient_user_authentication"` and the `acr_values` and/or `max_age` to ask for.
 */
export function stepUpRequired(
  realm: string,
  description: string,
  step: { acrValues?: readonly string[]; maxAge?: number },
): HTTPException {
  let challenge = `${bearerChallenge(realm)}, error="insufficient_user_authentication", error_description=${quoted(description)}`;
  if (step.acrValues !== undefined && step.acrValues.length > 0)
    challenge += `, acr_values=${quoted(step.acrValues.join(" "))}`;
  if (step.maxAge !== undefined) challenge += `, max_age="${step.maxAge}"`;
  return new HTTPException(401, {
    message: description,
    res: json(401, MESSAGE[401]!, { "www-authenticate": challenge }),
  });
}

/**
 * A path that servers may read in more than one way (`//`, `%2F`, `;`, dot segments): refused
 * with 400 rather than decided on one reading and served under another.
 */
export function ambiguousPath(): HTTPException {
  return new HTTPException(400, { message: "ambiguous request path", res: json(400, "Bad Request", {}) });
}

/** The issuer's keys cannot be had right now: 503 with `Retry-After`, never a 500. */
export function keysUnavailable(retryAfterSeconds: number, cause: unknown): HTTPException {
  return new HTTPException(503, {
    message: "token signing keys unavailable",
    cause,
    res: json(503, "The token issuer's signing keys are unavailable; try again later", {
      "retry-after": String(Math.max(1, Math.ceil(retryAfterSeconds))),
    }),
  });
}
