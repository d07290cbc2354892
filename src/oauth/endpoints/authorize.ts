/**
 * `/oauth2/authorize` (GET, and POST as OIDC Core 3.1.2.1 allows): validates the request and
 * sends the browser to the sign-in page with it, `${base}/login?${query}`; the page signs the
 * user in (or uses their browser session) and completes the grant. A request naming an identity
 * provider (`identity_provider`, `idp_identifier`) goes to that provider instead (federation/start.ts).
 */
import { authorizationRequest } from "../authorize-request.js";
import { errorPage, redirect } from "../errors.js";
import { readForm } from "../form.js";
import { startFederation } from "../federation/start.js";
import type { Endpoint } from "../hosted.js";

/** The authorization endpoint. */
export const authorize: Endpoint = async (c, hosted) => {
  let query: URLSearchParams;
  if (c.req.method === "POST") {
    const form = await readForm(c);
    if (typeof form === "string")
      return errorPage(c, "invalid_request", "The request body must be form-encoded (and at most 64 KB)");
    query = form;
  } else {
    query = new URL(c.req.url).searchParams;
  }
  const request = await authorizationRequest(hosted, query, { buttonsOnly: true });
  if (request instanceof Response) return request;
  if (request.identityProvider !== undefined) return startFederation(c, hosted, request);
  return redirect(`${hosted.base}/login?${request.query}`, c.req.method === "POST" ? 303 : 302);
};
