/**
 * `/signup`: self sign-up through SignUp, as the API runs it (the pool's required attributes,
 * password policy, threat protection); then a 303 to `/confirm` (the username and where the
 * code went in its query). In a pool where only administrators create users the page says so and has no
 * form. GET shows the form; POST (CSRF-checked) signs up.
 */
import type { Context } from "hono";
import { accountFlow, field, pageHref, postedForm, type AccountFlow } from "../account/flow.js";
import { fieldError, type FieldError } from "../account/field-errors.js";
import { deliveryParameters } from "../account/delivery-notice.js";
import {
  passwordRules,
  requiredAttributeInputs,
  signUpAllowed,
  usernameIsAttribute,
  usernameLabel,
} from "../account/sign-up-form.js";
import type { Endpoint, Hosted } from "../hosted.js";
import { callOperation, secretHashFor } from "../operation-call.js";
import { en } from "../pages/messages/en.js";
import { accountPage, formProblem } from "../pages/account-page.js";
import { SignUpClosed, SignUpForm, SignUpPending } from "../pages/signup.js";
import { format, inSentence, pageLanguage } from "../pages/messages/index.js";

/** The endpoint (GET, POST). */
export const signup: Endpoint = async (c, hosted) => {
  const flow = await accountFlow(c, hosted);
  if (flow instanceof Response) return flow;
  const loginHref = pageHref(hosted, "/login", flow.request.query);
  if (!signUpAllowed(hosted.pool))
    return accountPage(c, hosted, flow, {
      title: "signUp",
      body: (_csrf, t) => SignUpClosed({ t, loginHref }),
    });
  if (c.req.method !== "POST") return form(c, hosted, flow, {});
  const posted = await postedForm(c, hosted);
  if (typeof posted === "string") return form(c, hosted, flow, {}, ...formProblem(posted));
  const values: Record<string, string> = { username: field(posted, "username") };
  const attributes = requiredAttributeInputs(hosted.pool);
  for (const a of attributes) values[a.name] = field(posted, a.name);
  const password = field(posted, "password", false);

  const { lang, t } = pageLanguage(c, hosted);
  const enterYour = (label: string) => format(t.enterYour, { field: inSentence(lang, label) });
  const missing =
    values.username === ""
      ? { field: "username", message: enterYour(usernameLabel(hosted.pool, t)) }
      : (requiredAttributeInputs(hosted.pool, t)
          .filter((a) => values[a.name] === "")
          .map((a) => ({ field: a.name, message: enterYour(a.label) }))[0] ??
        (password === "" ? { field: "password", message: en.enterAPassword } : undefined));
  if (missing !== undefined) return form(c, hosted, flow, values, missing, 400);

  const client = flow.request.client;
  const implied = usernameIsAttribute(hosted.pool);
  const result = await callOperation(c, hosted, "SignUp", {
    ClientId: client.id,
    Username: values.username,
    Password: password,
    UserAttributes: [
      ...attributes.map((a) => ({ Name: a.attribute, Value: values[a.name] })),
      ...(implied === undefined ? [] : [{ Name: implied, Value: values.username }]),
    ],
    ...(await secretHashFor(client, values.username!)),
  });
  if (!result.ok) return form(c, hosted, flow, values, fieldError(result.error), 400);
  if (result.output.UserConfirmed === true) return c.redirect(loginHref, 303);
  if (result.output.CodeDeliveryDetails === undefined)
    return accountPage(c, hosted, flow, {
      title: "accountCreated",
      body: (_csrf, t) => SignUpPending({ t, loginHref }),
    });
  const next = { username: values.username!, ...deliveryParameters(result.output) };
  return c.redirect(pageHref(hosted, "/confirm", flow.request.query, next), 303);
};

function form(
  c: Context,
  hosted: Hosted,
  flow: AccountFlow,
  values: Record<string, string>,
  error?: FieldError,
  status: 200 | 400 | 403 | 413 = 200,
): Promise<Response> {
  return accountPage(c, hosted, flow, {
    title: "signUp",
    status,
    ...(error !== undefined && { error }),
    body: (csrf, t, error) =>
      SignUpForm({
        action: pageHref(hosted, "/signup", flow.request.query),
        csrf,
        t,
        usernameLabel: usernameLabel(hosted.pool, t),
        usernameIsEmail: usernameLabel(hosted.pool) === "Email",
        attributes: requiredAttributeInputs(hosted.pool, t),
        passwordRules: passwordRules(hosted.pool, t),
        values: { username: flow.username, ...values },
        ...(error !== undefined && { error }),
        loginHref: pageHref(hosted, "/login", flow.request.query),
      }),
  });
}
