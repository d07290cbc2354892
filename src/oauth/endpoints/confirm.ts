/**
 * `/confirm`: the sign-up code from the email or text message, through ConfirmSignUp as the API
 * runs it (code limits, PreventUserExistenceErrors); then back to `/login` with the authorization
 * request's query and the username as `login_hint` (account/enter-code.ts). (Cognito's page signs
 * the user in at once; the page would have to keep the password between requests to do so, and
 * cognate keeps none.) `/signup` and `/resendcode` send the browser here once a code is sent.
 */
import { enterCodeEndpoint } from "../account/enter-code.js";
import { pageHref } from "../account/flow.js";
import { ConfirmForm } from "../pages/confirm.js";

/** The endpoint (GET, POST). */
export const confirm = enterCodeEndpoint({
  operation: "ConfirmSignUp",
  path: "/confirm",
  title: "confirmTitle",
  form: (props, hosted, flow) =>
    ConfirmForm({ ...props, resendAction: pageHref(hosted, "/resendcode", flow.request.query) }),
});
