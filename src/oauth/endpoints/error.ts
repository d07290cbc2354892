/**
 * `/error?error=...&client_id=...`: where Cognito sends a browser whose request could not be
 * redirected. "An error was encountered with the requested page.", the error code and its reason
 * as text; nothing from the request becomes a link, and only a known code is echoed. In the
 * client's style when `client_id` names one of the pool's clients.
 */
import type { Endpoint } from "../hosted.js";
import { styledErrorPage } from "../pages/error-page.js";
import { en } from "../pages/messages/en.js";

/** The reasons of the codes this page names (anything else is `invalid_request`). */
const REASONS: Readonly<Record<string, string>> = {
  redirect_mismatch: en.reasonRedirectMismatch,
  invalid_request: en.reasonInvalidRequest,
  unauthorized_client: en.reasonUnauthorizedClient,
  invalid_client: en.reasonInvalidClient,
  invalid_scope: en.reasonInvalidScope,
  unsupported_response_type: en.reasonUnsupportedResponseType,
  access_denied: en.reasonAccessDenied,
  server_error: en.reasonServerError,
};

/** The endpoint (GET). */
export const error: Endpoint = (c, hosted) => {
  const given = c.req.query("error") ?? "";
  const code = Object.hasOwn(REASONS, given) ? given : "invalid_request";
  return styledErrorPage(c, hosted, code, REASONS[code]!, c.req.query("client_id"));
};
