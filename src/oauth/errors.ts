/**
 * The OAuth 2.0 error surfaces (RFC 6749 sections 4.1.2.1, 4.2.2.1 and 5.2; Cognito's words where
 * they are known): the token endpoint's JSON errors, the error page shown while the redirect URI
 * is not yet trusted, and the error redirect to a validated redirect URI.
 */
import type { Context } from "hono";

/** The error codes of the authorization and token endpoints (RFC 6749, OIDC Core 3.1.2.6, RFC 8707). */
export type OAuthError =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "invalid_scope"
  | "access_denied"
  | "server_error"
  | "redirect_mismatch"
  | "login_required"
  | "interaction_required"
  | "unsupported_token_type"
  | "invalid_target";

/**
 * A token-endpoint error: `{"error": ..., "error_description": ...}`, 400 unless `status` says
 * otherwise (401 for `invalid_client` when the client authenticated with Basic), never cached,
 * readable from any origin (Cognito's token endpoint sends `Access-Control-Allow-Origin: *`).
 *
 * @example
 * ```ts
 * return tokenError("invalid_grant", "Authorization code has been consumed already or does not exist");
 * ```
 */
export function tokenError(
  error: OAuthError,
  description?: string,
  status: 400 | 401 | 405 | 413 = 400,
  headers: Record<string, string> = {},
): Response {
  const body = description === undefined ? { error } : { error, error_description: description };
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/json;charset=UTF-8",
      "Cache-Control": "no-store",
      Pragma: "no-cache",
      "Access-Control-Allow-Origin": "*",
      ...headers,
    },
  });
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );

/**
 * The error page (400): an authorization request refused before its redirect URI was found
 * among the client's CallbackURLs, so nothing may redirect (RFC 9700 section 4.11). Cognito's
 * sentence, then the error code and the reason as text, with no link built from the request.
 * (`c` may be `undefined` where no request context is at hand.)
 *
 * @example
 * ```ts
 * return errorPage(c, "redirect_mismatch", "redirect_uri is not one of the client's CallbackURLs");
 * ```
 */
export function errorPage(
  _c: Context | undefined,
  error: OAuthError | string,
  description: string,
): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Error</title></head>
<body><main><h1>An error was encountered with the requested page.</h1>
<p id="error-code"><code>${escapeHtml(error)}</code></p>
<p id="error-description">${escapeHtml(description)}</p></main></body></html>
`;
  return new Response(html, { status: 400, headers: { "Content-Type": "text/html; charset=UTF-8" } });
}

/**
 * `uri` with `params` added: in the query (after any query the registered URI already has) or,
 * for `fragment`, after `#` (a registered URI never has one).
 *
 * @example
 * ```ts
 * withParams("https://app/cb?x=1", { code: "abc", state: "s" }); // "https://app/cb?x=1&code=abc&state=s"
 * ```
 */
export function withParams(
  uri: string,
  params: Record<string, string | undefined>,
  where: "query" | "fragment" = "query",
): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.append(name, value);
  const text = search.toString();
  if (where === "fragment") return `${uri}#${text}`;
  return text === ""
    ? uri
    : `${uri}${uri.includes("?") ? (uri.endsWith("?") || uri.endsWith("&") ? "" : "&") : "?"}${text}`;
}

/** A 302 to `location`, with nothing cached and no Referer sent on from it. */
export function redirect(location: string, status: 302 | 303 = 302): Response {
  return new Response(null, { status, headers: { Location: location, "Cache-Control": "no-store" } });
}

/**
 * The error redirect of an authorization request whose redirect URI is valid: 302 to it with
 * `error`, `error_description` and `state` (in the fragment for `response_type=token`).
 *
 * @example
 * ```ts
 * return errorRedirect({ redirectUri, responseType: "code", state }, "invalid_scope", "Invalid scope requested: foo");
 * ```
 */
export function errorRedirect(
  to: { redirectUri: string; responseType?: string; state?: string },
  error: OAuthError,
  description?: string,
): Response {
  return redirect(
    withParams(
      to.redirectUri,
      { error, error_description: description, state: to.state },
      to.responseType === "token" ? "fragment" : "query",
    ),
  );
}
