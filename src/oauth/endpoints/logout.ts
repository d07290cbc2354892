/**
 * `/logout` (GET; POST too, as OIDC RP-Initiated Logout allows): ends the browser session and
 * clears its cookie whatever else happens, then redirects as logout-request.ts decides: to a
 * registered logout URI, on to `/login`, or nowhere (the error page, or the signed-out page).
 */
import { readPostedForm } from "../account/flow.js";
import { browserSession, endBrowserSession } from "../browser-session.js";
import type { Endpoint } from "../hosted.js";
import { logoutOutcome } from "../logout-request.js";
import { styledErrorPage } from "../pages/error-page.js";
import { signedOutPage } from "../pages/signed-out.js";
import { singleLogout } from "../saml/single-logout.js";

const MAX_FORM_BYTES = 16 * 1024;

/** The endpoint (GET, POST). */
export const logout: Endpoint = async (c, hosted) => {
  // A SAML sign-in with IDPSignout goes on to its IdP once the session here has ended.
  const saml = (await browserSession(c, hosted))?.saml;
  const cleared = await endBrowserSession(c, hosted);
  const params = new URL(c.req.url).searchParams;
  let tooLarge = false;
  if (c.req.method === "POST") {
    const form = await readPostedForm(c, MAX_FORM_BYTES);
    tooLarge = form === "too-large";
    if (form !== "too-large") for (const [name, value] of form) params.append(name, value);
  }
  // A body left unread is refused (never acted on in part), and the refusal ends the upload.
  const outcome = tooLarge
    ? ({ kind: "error", error: "invalid_request", description: "The request body is too large." } as const)
    : await logoutOutcome(hosted, params);
  let response: Response;
  const toIdp = tooLarge ? null : await singleLogout(hosted, saml, outcome);
  if (toIdp !== null) response = toIdp;
  else if (outcome.kind === "redirect")
    response = new Response(null, { status: 302, headers: { Location: outcome.location } });
  else if (outcome.kind === "error")
    response = await styledErrorPage(
      c,
      hosted,
      outcome.error,
      outcome.description,
      params.get("client_id") ?? undefined,
    );
  else response = await signedOutPage(c, hosted, outcome.clientId);
  const headers = new Headers(response.headers);
  headers.append("Set-Cookie", cleared);
  // A body too large was left unread: the connection is not reused (see account-page.tsx).
  if (tooLarge) headers.set("Connection", "close");
  // The page's text, not its stream: a streamed answer to a request whose body is left unread
  // resets the connection on Node before the answer arrives.
  const text = response.body === null ? null : await response.text();
  return new Response(text, { status: response.status, headers });
};
