/**
 * `/error?error=...&client_id=...`: where Cognito sends a browser whose request could not be
 * redirected. "An error was encountered with the requested page.", the error code and its reason
 * as text; nothing from the request becomes a link, and only a known code is echoed. In the
 * client's style when `client_id` names one of the pool's clients.
 */
import type { Endpoint } from "../hosted.js";
import { styledErrorPage } from "../pages/error-page.js";

/** The reasons of the codes this page names (anything else is `invalid_request`). */
const REASONS: Readonly<Record<string, string>> = {
  redirect_mismatch: "The redirect URI is not one of the app client's registered URLs.",
  invalid_request: "The request is missing a parameter or has a malformed one.",
  unauthorized_client: "The app client is not allowed to make this request.",
  invalid_client: "The app client is unknown.",
  invalid_scope: "A requested scope is not allowed for this app client.",
  unsupported_response_type: "The response type is not supported.",
  access_denied: "The request was refused.",
  server_error: "Something went wrong on the server.",
};

/** The endpoint (GET). */
export const error: Endpoint = (c, hosted) => {
  const given = c.req.query("error") ?? "";
  const code = Object.hasOwn(REASONS, given) ? given : "invalid_request";
  return styledErrorPage(c, hosted, code, REASONS[code]!, c.req.query("client_id"));
};
