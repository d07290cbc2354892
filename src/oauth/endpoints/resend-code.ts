/**
 * `/resendcode`: a new sign-up code through ResendConfirmationCode, as the API runs it (the send
 * limits, PreventUserExistenceErrors); then a 303 to `/confirm`. GET only shows the form: a
 * link never sends a message (mail scanners and prefetchers follow links).
 */
import type { Context } from "hono";
import { accountFlow, field, pageHref, postedForm, type AccountFlow } from "../account/flow.js";
import { fieldError, type FieldError } from "../account/field-errors.js";
import { deliveryParameters } from "../account/delivery-notice.js";
import type { Endpoint, Hosted } from "../hosted.js";
import { callOperation, secretHashFor } from "../operation-call.js";
import { en } from "../pages/messages/en.js";
import { accountPage, formProblem } from "../pages/account-page.js";
import { ResendCodeForm } from "../pages/resend-code.js";

/** The endpoint (GET, POST). */
export const resendCode: Endpoint = async (c, hosted) => {
  const flow = await accountFlow(c, hosted);
  if (flow instanceof Response) return flow;
  if (c.req.method !== "POST") return resendPage(c, hosted, flow, flow.username);
  const posted = await postedForm(c, hosted);
  if (typeof posted === "string") return resendPage(c, hosted, flow, flow.username, ...formProblem(posted));
  const username = field(posted, "username");
  if (username === "")
    return resendPage(c, hosted, flow, username, { field: "username", message: en.enterUsername }, 400);
  const client = flow.request.client;
  const result = await callOperation(c, hosted, "ResendConfirmationCode", {
    ClientId: client.id,
    Username: username,
    ...(await secretHashFor(client, username)),
  });
  if (!result.ok) return resendPage(c, hosted, flow, username, fieldError(result.error), 400);
  const next = { username, ...deliveryParameters(result.output) };
  return c.redirect(pageHref(hosted, "/confirm", flow.request.query, next), 303);
};

function resendPage(
  c: Context,
  hosted: Hosted,
  flow: AccountFlow,
  username: string,
  error?: FieldError,
  status: 200 | 400 | 403 | 413 = 200,
): Promise<Response> {
  return accountPage(c, hosted, flow, {
    title: "sendNewCode",
    status,
    ...(error !== undefined && { error }),
    body: (csrf, t, error) =>
      ResendCodeForm({
        action: pageHref(hosted, "/resendcode", flow.request.query),
        csrf,
        t,
        username,
        ...(error !== undefined && { error }),
        confirmHref: pageHref(hosted, "/confirm", flow.request.query, { username }),
      }),
  });
}
