/**
 * `/confirmforgotPassword`: the reset code and a new password (typed twice), through
 * ConfirmForgotPassword as the API runs it (the password policy and history, the code limits,
 * PreventUserExistenceErrors); then back to `/login` with the authorization request's query.
 */
import type { Context } from "hono";
import { accountFlow, field, pageHref, postedForm, type AccountFlow } from "../account/flow.js";
import { fieldError, type FieldError } from "../account/field-errors.js";
import { passwordRules } from "../account/sign-up-form.js";
import type { Endpoint, Hosted } from "../hosted.js";
import { callOperation, secretHashFor } from "../operation-call.js";
import { en } from "../pages/messages/en.js";
import { accountPage, formProblem } from "../pages/account-page.js";
import { ConfirmForgotPasswordForm } from "../pages/confirm-forgot-password.js";

/** The endpoint (GET, POST). */
export const confirmForgotPassword: Endpoint = async (c, hosted) => {
  const flow = await accountFlow(c, hosted);
  if (flow instanceof Response) return flow;
  if (c.req.method !== "POST") return resetPage(c, hosted, flow, flow.username, undefined, 200, flow.notice);
  const posted = await postedForm(c, hosted);
  if (typeof posted === "string") return resetPage(c, hosted, flow, flow.username, ...formProblem(posted));
  const username = field(posted, "username");
  const code = field(posted, "code").replace(/\s+/g, "");
  const password = field(posted, "password", false);
  const again = field(posted, "confirm_password", false);
  const problem: FieldError | undefined =
    username === ""
      ? { field: "username", message: en.enterUsername }
      : code === ""
        ? { field: "code", message: en.enterCodeReceived }
        : password === ""
          ? { field: "password", message: en.enterNewPassword }
          : password !== again
            ? { field: "confirm_password", message: en.passwordsDiffer }
            : undefined;
  if (problem !== undefined) return resetPage(c, hosted, flow, username, problem, 400);
  const client = flow.request.client;
  const result = await callOperation(c, hosted, "ConfirmForgotPassword", {
    ClientId: client.id,
    Username: username,
    ConfirmationCode: code,
    Password: password,
    ...(await secretHashFor(client, username)),
  });
  if (!result.ok) return resetPage(c, hosted, flow, username, fieldError(result.error), 400);
  return c.redirect(pageHref(hosted, "/login", flow.request.query, { login_hint: username }), 303);
};

/** The reset form (`/forgotPassword` sends the browser here once the code is sent). */
function resetPage(
  c: Context,
  hosted: Hosted,
  flow: AccountFlow,
  username: string,
  error?: FieldError,
  status: 200 | 400 | 403 | 413 = 200,
  notice?: string,
): Promise<Response> {
  return accountPage(c, hosted, flow, {
    title: "resetTitle",
    status,
    ...(error !== undefined && { error }),
    ...(notice !== undefined && { notice }),
    body: (csrf, t, error) =>
      ConfirmForgotPasswordForm({
        action: pageHref(hosted, "/confirmforgotPassword", flow.request.query),
        csrf,
        t,
        username,
        passwordRules: passwordRules(hosted.pool, t),
        ...(error !== undefined && { error }),
        forgotHref: pageHref(hosted, "/forgotPassword", flow.request.query, { username }),
      }),
  });
}
