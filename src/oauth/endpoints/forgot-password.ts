/**
 * `/forgotPassword`: a reset code through ForgotPassword, as the API runs it (the send limits;
 * with PreventUserExistenceErrors a name nobody holds gets the same simulated delivery, so the
 * page reads the same); then a 303 to `/confirmforgotPassword` with the username.
 */
import type { Context } from "hono";
import { accountFlow, field, pageHref, postedForm, type AccountFlow } from "../account/flow.js";
import { fieldError, type FieldError } from "../account/field-errors.js";
import { deliveryParameters } from "../account/delivery-notice.js";
import type { Endpoint, Hosted } from "../hosted.js";
import { callOperation, secretHashFor } from "../operation-call.js";
import { en } from "../pages/messages/en.js";
import { accountPage, formProblem } from "../pages/account-page.js";
import { ForgotPasswordForm } from "../pages/forgot-password.js";

/** The endpoint (GET, POST). */
export const forgotPassword: Endpoint = async (c, hosted) => {
  const flow = await accountFlow(c, hosted);
  if (flow instanceof Response) return flow;
  if (c.req.method !== "POST") return forgotPage(c, hosted, flow, flow.username);
  const posted = await postedForm(c, hosted);
  if (typeof posted === "string") return forgotPage(c, hosted, flow, flow.username, ...formProblem(posted));
  const username = field(posted, "username");
  if (username === "")
    return forgotPage(c, hosted, flow, username, { field: "username", message: en.enterUsername }, 400);
  const client = flow.request.client;
  const result = await callOperation(c, hosted, "ForgotPassword", {
    ClientId: client.id,
    Username: username,
    ...(await secretHashFor(client, username)),
  });
  if (!result.ok) return forgotPage(c, hosted, flow, username, fieldError(result.error), 400);
  const next = { username, ...deliveryParameters(result.output) };
  return c.redirect(pageHref(hosted, "/confirmforgotPassword", flow.request.query, next), 303);
};

function forgotPage(
  c: Context,
  hosted: Hosted,
  flow: AccountFlow,
  username: string,
  error?: FieldError,
  status: 200 | 400 | 403 | 413 = 200,
): Promise<Response> {
  return accountPage(c, hosted, flow, {
    title: "forgotPassword",
    status,
    ...(error !== undefined && { error }),
    body: (csrf, t, error) =>
      ForgotPasswordForm({
        action: pageHref(hosted, "/forgotPassword", flow.request.query),
        csrf,
        t,
        username,
        ...(error !== undefined && { error }),
        loginHref: pageHref(hosted, "/login", flow.request.query),
      }),
  });
}
