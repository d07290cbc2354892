/**
 * CORS on the endpoints a browser app calls directly (userInfo, revoke, token): Cognito answers
 * them with `Access-Control-Allow-Origin: *`, and never the pages (managed-login.md section 6.1).
 * No credentials ride on them (cookies are never read there), so the wildcard exposes nothing.
 */

const ALLOW = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST",
  "Access-Control-Allow-Headers": "Authorization, Content-Type",
  "Access-Control-Max-Age": "600",
} as const;

/**
 * The response, readable by any origin.
 *
 * @example
 * ```ts
 * return withCors(c.json(claims));
 * ```
 */
export function withCors(response: Response): Response {
  response.headers.set("Access-Control-Allow-Origin", "*");
  return response;
}

/** The answer to a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`). */
export function preflight(): Response {
  return new Response(null, { status: 204, headers: ALLOW });
}
