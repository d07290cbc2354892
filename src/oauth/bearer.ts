/**
 * RFC 6750 bearer tokens at a resource endpoint (the userInfo endpoint): reading the
 * `Authorization` header, and the `WWW-Authenticate` challenges that refuse a request.
 */

/** RFC 6750 section 2.1: `b64token`. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** An access token longer than this is no token cognate issued (its JWTs stay under 4 KB). */
const MAX_TOKEN_LENGTH = 16_384;

/**
 * The bearer token of a request: the token, `undefined` when the request carries no
 * `Authorization` header at all, or `"malformed"` for any other scheme or a token that is not a
 * `b64token` (RFC 6750 section 2.1).
 *
 * @example
 * ```ts
 * bearerToken(new Request(url, { headers: { authorization: "Bearer eyJ..." } })); // "eyJ..."
 * ```
 */
export function bearerToken(request: Request): string | undefined | "malformed" {
  const header = request.headers.get("authorization");
  if (header === null) return undefined;
  const match = BEARER.exec(header);
  if (match === null || match[1]!.length > MAX_TOKEN_LENGTH) return "malformed";
  return match[1]!;
}

/** A challenge's quoted parameter: RFC 6750 section 3 forbids `"` and `\` in its values. */
const quoted = (value: string) => `"${value.replace(/["\\]/g, "")}"`;

/**
 * A response that refuses a request with an RFC 6750 challenge: with no error, the bare `Bearer`
 * challenge (the request carried no credentials, section 3.1); else `error` and
 * `error_description` in `WWW-Authenticate` and, for clients that read bodies, as OAuth error JSON.
 *
 * @example
 * ```ts
 * bearerChallenge(401, "invalid_token", "Access token is expired, ...");
 * ```
 */
export function bearerChallenge(
  status: 400 | 401 | 403,
  error?: "invalid_request" | "invalid_token" | "insufficient_scope",
  description?: string,
): Response {
  if (error === undefined) return new Response(null, { status, headers: { "WWW-Authenticate": "Bearer" } });
  const parameters = [`error=${quoted(error)}`];
  if (description !== undefined) parameters.push(`error_description=${quoted(description)}`);
  return Response.json(
    { error, ...(description === undefined ? {} : { error_description: description }) },
    { status, headers: { "WWW-Authenticate": `Bearer ${parameters.join(", ")}` } },
  );
}
