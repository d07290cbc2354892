/**
 * CORS for browser clients (Amplify, amazon-cognito-identity-js, the SDK in a browser): preflights
 * are answered with the headers these clients send, and every response exposes the headers they
 * read (the request id, the error type, and `Date`, which the SDK reads to correct clock skew).
 * No credentials mode: these calls carry no cookies.
 */

/** Which origins may call. */
export interface CorsOptions {
  /** `"*"` (the default, as AWS answers) or the exact origins allowed, e.g. `["https://app.example.com"]`. */
  allowOrigins?: "*" | readonly string[];
}

/** The request headers a preflight allows: what the three clients send, signed or not. */
export const CORS_ALLOW_HEADERS: readonly string[] = [
  "content-type",
  "x-amz-target",
  "x-amz-user-agent",
  "x-amz-date",
  "x-amz-security-token",
  "x-amz-content-sha256",
  "authorization",
  "amz-sdk-invocation-id",
  "amz-sdk-request",
  "cache-control",
];

/** The response headers exposed to scripts. */
export const CORS_EXPOSE_HEADERS: readonly string[] = [
  "x-amzn-RequestId",
  "x-amzn-ErrorType",
  "x-amzn-ErrorMessage",
  "Date",
];

// AWS's own answer (two days); browsers cap it lower.
const MAX_AGE_SECONDS = "172800";

/** The `Access-Control-Allow-Origin` for a request's `Origin`, or undefined when it may not call. */
function allowedOrigin(origin: string | null, allow: "*" | readonly string[]): string | undefined {
  if (origin === null) return undefined;
  if (allow === "*") return "*";
  return allow.includes(origin) ? origin : undefined;
}

/**
 * The answer to an `OPTIONS` preflight: 200 with an empty body, as AWS answers, and the CORS
 * headers when the origin is allowed (a refused origin gets none, so the browser stops there).
 */
export function preflight(request: Request, options: CorsOptions, requestId: string): Response {
  const allow = options.allowOrigins ?? "*";
  const headers = new Headers({ "x-amzn-requestid": requestId });
  const origin = allowedOrigin(request.headers.get("origin"), allow);
  if (origin !== undefined) {
    headers.set("access-control-allow-origin", origin);
    headers.set("access-control-allow-methods", "POST, OPTIONS");
    headers.set("access-control-allow-headers", CORS_ALLOW_HEADERS.join(", "));
    headers.set("access-control-max-age", MAX_AGE_SECONDS);
  }
  if (allow !== "*") headers.set("vary", "Origin");
  return new Response(null, { status: 200, headers });
}

/**
 * Adds the CORS response headers to `response` (one this service made, whose headers are mutable).
 */
export function withCors(request: Request, response: Response, options: CorsOptions): Response {
  const allow = options.allowOrigins ?? "*";
  const origin = allowedOrigin(request.headers.get("origin"), allow);
  if (origin !== undefined) {
    response.headers.set("access-control-allow-origin", origin);
    response.headers.set("access-control-expose-headers", CORS_EXPOSE_HEADERS.join(", "));
  }
  if (allow !== "*") response.headers.append("vary", "Origin");
  return response;
}
