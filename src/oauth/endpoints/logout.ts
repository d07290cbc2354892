/**
 * `/logout` (GET; POST too, as OIDC RP-Initiated Logout allows): ends the browser session and
 * clears its cookie whatever else happens, then redirects as logout-request.ts decides: to a
 * registered logout URI, on to `/login`, or nowhere (the error page, or the signed-out page).
 */
import { readBodyLimited } from "../../util/body.js";
import { endBrowserSession } from "../browser-session.js";
import { errorPage } from "../errors.js";
import type { Endpoint } from "../hosted.js";
import { logoutOutcome } from "../logout-request.js";
import { signedOutPage } from "../pages/signed-out.js";

const MAX_FORM_BYTES = 32 * 1024;

/** The endpoint (GET, POST). */
export const logout: Endpoint = async (c, hosted) => {
  const cleared = await endBrowserSession(c, hosted);
  const params = new URL(c.req.url).searchParams;
  if (c.req.method === "POST") {
    const body = await readBodyLimited(c.req.raw, MAX_FORM_BYTES);
    const form =
      "tooLarge" in body ||
      !(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")
        ? new URLSearchParams()
        : new URLSearchParams(new TextDecoder().decode(body));
    for (const [name, value] of form) params.append(name, value);
  }
  const outcome = await logoutOutcome(hosted, params);
  let response: Response;
  if (outcome.kind === "redirect")
    response = new Response(null, { status: 302, headers: { Location: outcome.location } });
  else if (outcome.kind === "error") response = errorPage(c, outcome.error, outcome.description);
  else response = await signedOutPage(c, hosted, outcome.clientId);
  const headers = new Headers(response.headers);
  headers.append("Set-Cookie", cleared);
  return new Response(response.body, { status: response.status, headers });
};
