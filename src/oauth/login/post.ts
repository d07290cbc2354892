/**
 * `POST /login`: the sign-in form or a challenge's answer, through the same pipeline as the API
 * (hosted mode: user-pool/sign-in/hosted.ts). The CSRF token is checked before anything else: a
 * POST without the right one gets its page again with an error (403) and does nothing. Errors
 * come back on the page in the pipeline's own words (so PreventUserExistenceErrors decides
 * between "Incorrect username or password." and "User does not exist."); a Session that is
 * spent or expired sends the user back to the sign-in form.
 */
import type { Context } from "hono";
import { AwsError } from "../../protocol/json/index.js";
import type { PoolRecord } from "../../storage/index.js";
import { passwordPolicyOf } from "../../user-pool/pool-view.js";
import { type SchemaAttribute, schemaAttributes } from "../../user-pool/schema-attributes.js";
import { passwordProblem } from "../../user-pool/rules/password-policy.js";
import {
  hostedSignIn,
  RequiredMfaUnavailable,
  respond,
  type SignIn,
  signInHosted,
  verifyHostedTotp,
} from "../../user-pool/sign-in/index.js";
import { isMaskedDestination } from "../account/delivery-notice.js";
import { type AuthorizationRequest, supportsCognito } from "../authorize-request.js";
import { CSRF_ERROR, CSRF_FIELD, csrfValid } from "../csrf.js";
import { browserDevice, REMEMBER_FIELD, rememberedDeviceCookie } from "../device-cookie.js";
import { errorRedirect } from "../errors.js";
import { readForm } from "../form.js";
import type { Hosted } from "../hosted.js";
import { requestContext } from "../request-context.js";
import { FACTOR_LABELS } from "../pages/challenges.js";
import { en } from "../pages/messages/en.js";
import { IDP_IDENTIFIER_FORM } from "../pages/sign-in.js";
import { onAnswer, setUpView } from "./answer.js";
import { corporateEmail } from "./corporate-email.js";
import { mfaUnavailable } from "./finish.js";
import { type LoginProblem, type LoginView, renderLogin } from "./view.js";

const CODE_MEMBERS: Record<string, string> = {
  SMS_MFA: "SMS_MFA_CODE",
  SOFTWARE_TOKEN_MFA: "SOFTWARE_TOKEN_MFA_CODE",
  EMAIL_OTP: "EMAIL_OTP_CODE",
};
/** The account page a refused sign-in goes on to (F2's pages, with `username`). */
const NEXT_PAGE: Record<string, string> = {
  UserNotConfirmedException: "/confirm",
  PasswordResetRequiredException: "/forgotPassword",
};

const seeOther = (location: string) =>
  new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });

const field = (form: URLSearchParams, name: string) => (form.get(name) ?? "").trim();

/**
 * The page a POST came from, rebuilt from its hidden fields (display only: the Session decides).
 * No free text passes from the form into the page: a destination only as the API masks one, factor
 * names from the fixed list, attribute names only of the pool's required attributes.
 */
function samePage(form: URLSearchParams, pool: PoolRecord): LoginView {
  const challenge = field(form, "challenge");
  const session = field(form, "session");
  const detail = field(form, "detail");
  if (session !== "" && CODE_MEMBERS[challenge] !== undefined)
    return {
      page: "code",
      factor: challenge,
      session,
      ...(isMaskedDestination(detail) ? { destination: detail } : {}),
    };
  if (session !== "" && challenge === "SELECT_MFA_TYPE")
    return { page: "select", session, choices: detail.split(" ").filter((f) => f in FACTOR_LABELS) };
  if (session !== "" && challenge === "NEW_PASSWORD_REQUIRED") {
    const required = new Set(
      schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined)
        .filter((a) => a.Required === true)
        .map((a) => a.Name),
    );
    return { page: "new-password", session, required: detail.split(" ").filter((a) => required.has(a)) };
  }
  // The sign-in form, and MFA_SETUP (its secret is not carried in the page: the user begins again).
  return { page: "sign-in", username: field(form, "username").slice(0, 128) };
}

/** The endpoint's POST. */
export async function postLogin(
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
): Promise<Response> {
  const form = await readForm(c.req.raw);
  if (typeof form === "string")
    return renderLogin(
      c,
      hosted,
      request,
      { page: "sign-in" },
      { error: en.formUnreadable }, // [?] words
      form.includes("too large") ? 413 : 400,
    );
  const identifierForm = field(form, "challenge") === IDP_IDENTIFIER_FORM;
  // A client without COGNITO reaches here only for its sign-in page's e-mail box (login.ts lets its
  // POSTs through for that); its password form stays refused, as before.
  if (!identifierForm && !supportsCognito(request.client))
    return errorRedirect(request, "unauthorized_client", "The client does not support COGNITO sign-in"); // [?] words
  // A refused POST may be another site's: the plain sign-in form, nothing of its challenge or Session.
  if (!(await csrfValid(c, hosted, form.get(CSRF_FIELD))))
    return renderLogin(
      c,
      hosted,
      request,
      { page: "sign-in", username: field(form, "username").slice(0, 128) },
      { error: CSRF_ERROR },
      403,
    );
  if (identifierForm) return corporateEmail(c, hosted, request, form);
  const view = samePage(form, hosted.pool);
  const device = await browserDevice(c, hosted, form.get(REMEMBER_FIELD) === "true");
  const s: SignIn = {
    ...hostedSignIn(hosted.pool, request.client, requestContext(c, hosted), {}, request.requireMfa),
    browser: device.browser,
  };
  try {
    const response = await answer(c, hosted, request, form, view, s);
    // The sign-in remembered this browser's device (user-pool/sign-in/browser-device.ts): its cookie.
    const cookie = rememberedDeviceCookie(hosted, device);
    if (cookie !== undefined) response.headers.append("Set-Cookie", cookie);
    return response;
  } catch (error) {
    if (error instanceof RequiredMfaUnavailable) return mfaUnavailable(request);
    if (!(error instanceof AwsError)) throw error;
    return refused(c, hosted, request, view, error);
  }
}

async function answer(
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
  form: URLSearchParams,
  view: LoginView,
  s: SignIn,
): Promise<Response> {
  const { ctx } = hosted;
  const again = (problem: LoginProblem) => renderLogin(c, hosted, request, view, problem, 400);
  const run = async (challenge: string, params: Record<string, string>, sessionId = field(form, "session")) =>
    onAnswer(c, hosted, request, await respond(ctx, { ...s, params, sessionId }, challenge));

  const challenge = field(form, "challenge");
  if (challenge === "") {
    const username = field(form, "username");
    const password = form.get("password") ?? "";
    if (username === "" || password === "")
      return again({
        fields: {
          username: username === "" ? en.enterUsername : undefined,
          password: password === "" ? en.enterPassword : undefined,
        },
      });
    return onAnswer(
      c,
      hosted,
      request,
      await signInHosted(ctx, { ...s, params: { USERNAME: username, PASSWORD: password } }),
    );
  }
  if (CODE_MEMBERS[challenge] !== undefined) {
    const code = field(form, "code").replace(/\s+/g, "");
    if (code === "") return again({ fields: { code: en.enterCode } });
    return run(challenge, { [CODE_MEMBERS[challenge]!]: code });
  }
  if (challenge === "SELECT_MFA_TYPE") {
    const choice = field(form, "answer");
    if (choice === "") return again({ fields: { answer: en.chooseMethod } });
    return run(challenge, { ANSWER: choice });
  }
  if (challenge === "MFA_SETUP") {
    const code = field(form, "code").replace(/\s+/g, "");
    const verified = await verifyHostedTotp(
      ctx,
      hosted.pool,
      request.client.id,
      field(form, "session"),
      code,
    );
    if (!verified.verified) {
      if (verified.again === undefined) return signInAgain(c, hosted, request, verified.message);
      return renderLogin(
        c,
        hosted,
        request,
        setUpView(hosted, verified.again),
        { fields: { code: verified.message } },
        400,
      );
    }
    return run(challenge, {}, verified.session);
  }
  if (challenge === "NEW_PASSWORD_REQUIRED" && view.page === "new-password") {
    const password = form.get("password") ?? "";
    const values: Record<string, string> = {};
    const fields: Record<string, string | undefined> = {};
    for (const name of view.required) {
      values[name] = field(form, `userAttributes.${name}`);
      if (values[name] === "") fields[`userAttributes.${name}`] = en.enterValue;
    }
    // Checked before the Session is used: the answer spends it, and a policy miss would end the sign-in.
    if (password === "") fields.password = en.enterNewPassword;
    else fields.password = passwordProblem(password, passwordPolicyOf(hosted.pool.config));
    if (fields.password === undefined && password !== (form.get("confirm_password") ?? ""))
      fields.confirm_password = en.passwordsDiffer;
    if (Object.values(fields).some((f) => f !== undefined))
      return renderLogin(c, hosted, request, { ...view, values }, { fields }, 400);
    const params: Record<string, string> = { NEW_PASSWORD: password };
    for (const [name, value] of Object.entries(values)) params[`userAttributes.${name}`] = value;
    return run(challenge, params);
  }
  return signInAgain(c, hosted, request, undefined);
}

// A refusal: a wrong code stays on its page (the Session is given back for a few more tries);
// anything else (wrong credentials, a spent or expired Session, a locked-out user) is told on
// the sign-in form.
function refused(
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
  view: LoginView,
  error: AwsError,
): Promise<Response> {
  if (
    view.page === "code" &&
    (error.type === "CodeMismatchException" || error.type === "ExpiredCodeException")
  )
    return renderLogin(c, hosted, request, view, { fields: { code: error.message } }, 400);
  // As Cognito's page does: an unconfirmed user is sent to confirm, a reset one to a new password.
  const next = NEXT_PAGE[error.type];
  if (view.page === "sign-in" && next !== undefined && view.username !== undefined) {
    const query = new URLSearchParams(request.query);
    query.set("username", view.username);
    return Promise.resolve(seeOther(`${hosted.base}${next}?${query}`));
  }
  if (view.page === "select" && error.type === "InvalidParameterException")
    return renderLogin(c, hosted, request, view, { fields: { answer: error.message } }, 400);
  return signInAgain(c, hosted, request, error.message, view.page === "sign-in" ? view.username : undefined);
}

function signInAgain(
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
  error: string | undefined,
  username?: string,
): Promise<Response> {
  return renderLogin(
    c,
    hosted,
    request,
    { page: "sign-in", username },
    { error: error ?? en.signInExpired }, // [?] words
    400,
  );
}
