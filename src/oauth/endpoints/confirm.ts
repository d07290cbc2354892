/**
 * `/confirm`: the sign-up code from the email or text message, through ConfirmSignUp as the API
 * runs it (code limits, PreventUserExistenceErrors); then back to `/login` with the authorization
 * request's query and the username as `login_hint`. (Cognito's page signs the user in at once; the
 * page would have to keep the password between requests to do so, and cognate keeps none.)
 */
import type { Context } from "hono";
import { accountFlow, field, pageHref, postedForm, type AccountFlow } from "../account/flow.js";
import { fieldError, type FieldError } from "../account/field-errors.js";
import type { Endpoint, Hosted } from "../hosted.js";
import { callOperation, secretHashFor } from "../operation-call.js";
import { en } from "../pages/messages/en.js";
import { accountPage, formProblem } from "../pages/account-page.js";
import { ConfirmForm } from "../pages/confirm.js";

/** The endpoint (GET, POST). */
export const confirm: Endpoint = async (c, hosted) => {
  const flow = await accountFlow(c, hosted);
  if (flow instanceof Response) return flow;
  if (c.req.method !== "POST")
    return confirmPage(c, hosted, flow, flow.username, undefined, 200, flow.notice);
  const posted = await postedForm(c, hosted);
  if (typeof posted === "string") return confirmPage(c, hosted, flow, flow.username, ...formProblem(posted));
  const username = field(posted, "username");
  const code = field(posted, "code").replace(/\s+/g, "");
  if (username === "")
    return confirmPage(c, hosted, flow, username, { field: "username", message: en.enterUsername }, 400);
  if (code === "")
    return confirmPage(c, hosted, flow, username, { field: "code", message: en.enterCodeReceived }, 400);
  const client = flow.request.client;
  const result = await callOperation(c, hosted, "ConfirmSignUp", {
    ClientId: client.id,
    Username: username,
    ConfirmationCode: code,
    ...(await secretHashFor(client, username)),
  });
  if (!result.ok) return confirmPage(c, hosted, flow, username, fieldError(result.error), 400);
  return c.redirect(pageHref(hosted, "/login", flow.request.query, { login_hint: username }), 303);
};

/** The confirmation form (`/signup` and `/resendcode` send the browser here once a code is sent). */
function confirmPage(
  c: Context,
  hosted: Hosted,
  flow: AccountFlow,
  username: string,
  error?: FieldError,
  status: 200 | 400 | 403 | 413 = 200,
  notice?: string,
): Promise<Response> {
  return accountPage(c, hosted, flow, {
    title: "confirmTitle",
    status,
    ...(error !== undefined && { error }),
    ...(notice !== undefined && { notice }),
    body: (csrf, t, error) =>
      ConfirmForm({
        action: pageHref(hosted, "/confirm", flow.request.query),
        resendAction: pageHref(hosted, "/resendcode", flow.request.query),
        csrf,
        t,
        username,
        ...(error !== undefined && { error }),
      }),
  });
}
