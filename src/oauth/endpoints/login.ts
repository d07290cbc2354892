/**
 * `/login` (GET, POST): the hosted UI's sign-in. Both validate the authorization request again
 * (`/oauth2/authorize` sends the browser here with it). GET answers silently from a live browser
 * session when the request allows (not `prompt=login`, `max_age` not exceeded, `acr_values=mfa`
 * met by the session's `amr`); `prompt=none` without a session is the error redirect
 * `login_required`, and with one that does not answer it `interaction_required`; otherwise it shows the sign-in form, the username filled from `login_hint`.
 * POST runs the form, a challenge's answer, or the corporate e-mail box (login/post.ts).
 */
import { authorizationRequest, providerStands } from "../authorize-request.js";
import { browserSession } from "../browser-session.js";
import { errorRedirect } from "../errors.js";
import { startFederation } from "../federation/start.js";
import { grantAuthorization } from "../grant.js";
import type { Endpoint } from "../hosted.js";
import { sessionSatisfies } from "../login/finish.js";
import { postLogin } from "../login/post.js";
import { renderLogin } from "../login/view.js";

/** The endpoint. */
export const login: Endpoint = async (c, hosted) => {
  // A client that lists only identity providers gets the page of their buttons (GET) and may post
  // its e-mail box; postLogin refuses its password form.
  const request = await authorizationRequest(hosted, new URL(c.req.url).searchParams, {
    buttonsOnly: true,
  });
  if (request instanceof Response) return request;
  // The sign-in page is the pool's own; a request naming an identity provider goes there.
  if (request.identityProvider !== undefined) return startFederation(c, hosted, request);
  if (c.req.method === "POST") return postLogin(c, hosted, request);
  const session = await browserSession(c, hosted);
  // A session made through an identity provider deleted since answers nothing silently.
  if (
    session !== null &&
    sessionSatisfies(request, session, hosted.ctx.now()) &&
    (await providerStands(await hosted.ctx.store(), hosted.pool.id, request.client, session.identityProvider))
  )
    return grantAuthorization(c, hosted, request, session);
  // OpenID Connect Core 3.1.2.6: a known user who must sign in again (max_age, acr_values) is
  // interaction_required; login_required is for a browser with no session at all.
  if (request.prompt.has("none"))
    return errorRedirect(
      { redirectUri: request.redirectUri, responseType: request.responseType, state: request.state },
      session === null ? "login_required" : "interaction_required",
      session === null
        ? "The user is not signed in"
        : "The user's session does not meet the request's max_age or acr_values", // [?] words
    );
  return renderLogin(c, hosted, request, { page: "sign-in", username: request.loginHint?.slice(0, 128) });
};
