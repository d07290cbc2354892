/**
 * `/oauth2/idpresponse` (GET; POST for Sign in with Apple's `response_mode=form_post`): where OIDC
 * and social identity providers send the browser back (federation.md §4.2).
 *
 * 1. The state is opened (state.ts: MAC, this pool, this browser's cookie, five minutes, once);
 *    a bad one is Cognito's error page, since nothing in the request can be trusted to redirect to.
 * 2. The app's authorization request it carries is validated again; the IdP's own error, if it
 *    sent one, goes to the app (`error=access_denied` for a refusal, `[IdP name] Error - ...`).
 * 3. The code is exchanged, the ID token verified, the profile read (federation/relying-party.ts),
 *    and the sign-in finished (federation/finish.ts).
 */
import { errorPage, errorRedirect } from "../errors.js";
import { isFailure } from "../federation/failure.js";
import { carriedRequest, finishFederated } from "../federation/finish.js";
import { identityFromIdp } from "../federation/relying-party.js";
import { idpRedirectUri } from "../federation/start.js";
import { endFederation } from "../federation/state.js";
import { readForm, repeated } from "../form.js";
import type { Endpoint } from "../hosted.js";

const PARAMETERS = ["state", "code", "error", "error_description", "user", "id_token"];
const MAX_CODE = 4096;

/** The endpoint. */
export const idpResponse: Endpoint = async (c, hosted) => {
  let params: URLSearchParams;
  if (c.req.method === "POST") {
    const form = await readForm(c);
    if (typeof form === "string")
      return errorPage(c, "invalid_request", "Invalid request: the body must be form-encoded");
    params = form;
  } else {
    params = new URL(c.req.url).searchParams;
  }
  if (repeated(params, PARAMETERS) !== undefined)
    return errorPage(c, "invalid_request", "Invalid request: a parameter is repeated");

  const state = await endFederation(c, hosted, params.get("state") ?? undefined);
  if ("error" in state) return errorPage(c, "invalid_request", state.error);
  const request = await carriedRequest(hosted, state.query, state.provider);
  if (request instanceof Response) return request;
  const provider = request.identityProvider!;

  const idpError = params.get("error");
  if (idpError !== null) {
    // [?] Cognito passes an IdP's refusal on as access_denied; any other error as invalid_request.
    const said = (params.get("error_description") || idpError).slice(0, 200);
    return errorRedirect(
      request,
      idpError === "access_denied" ? "access_denied" : "invalid_request",
      `${provider.name} Error - ${said}`,
    );
  }
  const code = params.get("code") ?? "";
  if (code === "" || code.length > MAX_CODE)
    return errorRedirect(request, "invalid_request", `${provider.name} Error - no authorization code`); // [?] words

  const identity = await identityFromIdp(
    hosted.options.federation,
    provider,
    state,
    {
      code,
      redirectUri: idpRedirectUri(c, hosted),
      ...(params.get("user") === null ? {} : { appleUser: params.get("user")! }),
    },
    hosted.ctx.now(),
  );
  if (isFailure(identity)) return errorRedirect(request, identity.error, identity.description);
  return finishFederated(c, hosted, state, identity);
};
