/**
 * `/confirmforgotPassword`: the reset code and a new password (typed twice), through
 * ConfirmForgotPassword as the API runs it (the password policy and history, the code limits,
 * PreventUserExistenceErrors); then back to `/login` with the authorization request's query
 * (account/enter-code.ts). `/forgotPassword` sends the browser here once the code is sent.
 */
import { enterCodeEndpoint } from "../account/enter-code.js";
import { field, pageHref } from "../account/flow.js";
import { passwordRules } from "../account/sign-up-form.js";
import { en } from "../pages/messages/en.js";
import { ConfirmForgotPasswordForm } from "../pages/confirm-forgot-password.js";

/** The endpoint (GET, POST). */
export const confirmForgotPassword = enterCodeEndpoint({
  operation: "ConfirmForgotPassword",
  path: "/confirmforgotPassword",
  title: "resetTitle",
  form: (props, hosted, flow) =>
    ConfirmForgotPasswordForm({
      ...props,
      passwordRules: passwordRules(hosted.pool, props.t),
      forgotHref: pageHref(hosted, "/forgotPassword", flow.request.query, { username: props.username }),
    }),
  ownFields: (posted) => {
    const password = field(posted, "password", false);
    if (password === "") return { error: { field: "password", message: en.enterNewPassword } };
    if (password !== field(posted, "confirm_password", false))
      return { error: { field: "confirm_password", message: en.passwordsDiffer } };
    return { params: { Password: password } };
  },
});
