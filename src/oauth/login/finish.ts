/**
 * Where a hosted sign-in ends: the browser session started and the authorization granted (303
 * to the redirect URI after the POST, the session cookie with it), or the error redirect
 * `access_denied` when the request required MFA that the sign-in could not have.
 */
import type { Context } from "hono";
import { type AuthorizationRequest, supportsProvider } from "../authorize-request.js";
import { startBrowserSession } from "../browser-session.js";
import { errorRedirect } from "../errors.js";
import { type Authentication, grantAuthorization } from "../grant.js";
import type { Hosted } from "../hosted.js";

/** The sign-in is done: a browser session for it, and the code (or tokens) for the client. */
export async function finishSignIn(
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
  who: Authentication,
): Promise<Response> {
  // The pipeline refuses it first (RequiredMfaUnavailable); checked again where the grant is made.
  if (request.requireMfa && !who.amr.includes("mfa")) return mfaUnavailable(request);
  const cookie = await startBrowserSession(c, hosted, who);
  const response = await grantAuthorization(c, hosted, request, who);
  response.headers.append("Set-Cookie", cookie);
  return response;
}

/** `acr_values=mfa` that the user cannot meet (no factor; set-up is never offered for it). */
export function mfaUnavailable(request: AuthorizationRequest): Response {
  return errorRedirect(
    { redirectUri: request.redirectUri, responseType: request.responseType, state: request.state },
    "access_denied",
    "Multi-factor authentication is required and the user has no second factor to step up with",
  );
}

/** Whether a live browser session answers the request without a new sign-in (prompt, max_age, acr_values). */
export function sessionSatisfies(request: AuthorizationRequest, who: Authentication, now: number): boolean {
  if (request.prompt.has("login")) return false;
  // A session answers only a client that takes the provider it was made through (COGNITO or an IdP).
  if (!supportsProvider(request.client, who.identityProvider ?? "COGNITO")) return false;
  // max_age=0 is prompt=login (OpenID Connect Core 3.1.2.1); otherwise the sign-in may be that old.
  if (request.maxAge !== undefined && (request.maxAge === 0 || now - who.authTime > request.maxAge * 1000))
    return false;
  return !request.requireMfa || who.amr.includes("mfa");
}
