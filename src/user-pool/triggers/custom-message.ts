/**
 * The CustomMessage trigger (AWS: "Custom message Lambda trigger"): before a code, an MFA code or
 * a temporary password is sent by email or SMS, the function may rewrite the message. It sees
 * placeholders only (`codeParameter` "{####}", `usernameParameter` "{username}" for
 * AdminCreateUser), never the code: cognate substitutes the code into what it returns.
 */
import { holdsControl } from "../../delivery/header-guard.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { triggerEvent, type TriggerCall, userAttributesOf } from "./event.js";
import { responseField, runTrigger } from "./run.js";

/** Why a message is sent: the tail of the trigger sources (`CustomMessage_SignUp`, `CustomEmailSender_SignUp`, ...). */
export type MessageSource =
  | "SignUp"
  | "AdminCreateUser"
  | "ResendCode"
  | "ForgotPassword"
  | "UpdateUserAttribute"
  | "VerifyUserAttribute"
  | "Authentication";

/** What a message trigger knows of the call: the app client, the headers and the call's `ClientMetadata`. */
export interface MessageCall extends TriggerCall {
  clientMetadata?: Record<string, string> | undefined;
  /**
   * The request's `background` (workerd's `waitUntil`): a custom sender's invocation is handed to
   * it, the answer waiting for none. Without one, the invocation runs on unawaited.
   */
  background?: ((work: Promise<unknown>) => void) | undefined;
}

/** A message before its code is filled in: the body (and an email's subject) with placeholders. */
export interface MessageText {
  body: string;
  subject?: string | undefined;
}

/** The placeholder of the code (or temporary password) in a message. */
export const CODE_PARAMETER = "{####}";
/** The placeholder of the username in an invitation. */
export const USERNAME_PARAMETER = "{username}";

// "The value of the smsMessage parameter can't exceed 140 UTF-8 characters", emailMessage
// "can't exceed 20,000 UTF-8 characters", emailSubject "can't exceed 140 UTF-8 characters"
// (AWS: custom message trigger parameters; the same bounds as MessageTemplateType's).
const MAX_SMS = 140;
const MAX_EMAIL = 20_000;
const MAX_SUBJECT = 140;

const characters = (text: string) => [...text].length;

/**
 * The message to send: the pool's `template`, or what the pool's CustomMessage trigger made of
 * it. A member the function leaves null keeps the template's; so does a body without the code's
 * placeholder (for AdminCreateUser, also the username's) or over its length, and a subject over
 * 140 characters: Cognito then sends its own message, as users of the trigger observe [obs]. A
 * subject holding a control character (CR/LF would start a mail header) keeps the template's too
 * (cognate's rule: a message the send guard would refuse is decided here, before anything is written).
 *
 * @throws {UserLambdaValidationException} when the function failed (nothing is sent, no code issued).
 * @throws {InvalidLambdaResponseException} when it answered no event or a member that is not a string.
 * @throws {UnexpectedLambdaException} when it could not be run.
 * @example
 * ```ts
 * const text = await customMessage(ctx, pool, user, "SignUp", "EMAIL", { body: "Code: {####}", subject: "Welcome" }, call);
 * send({ body: text.body.replaceAll(CODE_PARAMETER, () => code), subject: text.subject, ... });
 * ```
 */
export async function customMessage(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  source: MessageSource,
  medium: "EMAIL" | "SMS",
  template: MessageText,
  call: MessageCall,
): Promise<MessageText> {
  const invitation = source === "AdminCreateUser";
  const request: Record<string, unknown> = {
    userAttributes: userAttributesOf(pool, user),
    codeParameter: CODE_PARAMETER,
    // Cognito names the username's placeholder only where the message must carry the username.
    usernameParameter: invitation ? USERNAME_PARAMETER : null,
    // cognate verifies by code only (no CONFIRM_WITH_LINK): there is no link to place.
    linkParameter: null,
    ...(call.clientMetadata === undefined ? {} : { clientMetadata: call.clientMetadata }),
  };
  const answered = await runTrigger(
    ctx,
    pool,
    "CustomMessage",
    triggerEvent(ctx, pool, `CustomMessage_${source}`, user.username, call, request, {
      smsMessage: null,
      emailMessage: null,
      emailSubject: null,
    }),
  );
  if (answered === undefined) return template;
  const response = answered.response;
  const sms = responseField(response, "smsMessage", "string");
  const email = responseField(response, "emailMessage", "string");
  const subject = responseField(response, "emailSubject", "string");
  if (medium === "SMS") return { body: usable(sms, MAX_SMS, invitation) ?? template.body };
  // AWS: "If the user pool's EmailSendingAccount attribute isn't DEVELOPER and an emailMessage
  // [emailSubject] parameter is returned, Amazon Cognito generates a 400 error code
  // InvalidLambdaResponseException" (custom message trigger parameters). That rule guards
  // Cognito's own shared mailer (COGNITO_DEFAULT), which sends only its templates. cognate has
  // no such mailer: every email goes through the operator's sender, the DEVELOPER case, so the
  // members apply whatever EmailSendingAccount says.
  return {
    body: usable(email, MAX_EMAIL, invitation) ?? template.body,
    subject: usableSubject(subject) ?? template.subject,
  };
}

// A subject the function returned, when it can be sent: at most 140 characters, and no control
// character. A CR/LF would start a mail header (a subject made from the user's own `name` can
// carry one), which the sender's guard refuses only at send time, after the user and the code are
// written; like an over-long subject, it gives way to the pool's own here, before anything is.
function usableSubject(subject: string | undefined): string | undefined {
  if (subject === undefined || characters(subject) > MAX_SUBJECT || holdsControl(subject)) return undefined;
  return subject;
}

// A body the function returned, when it follows the rules: it carries codeParameter ("Must include
// the codeParameter value that you received in the request"), and an invitation usernameParameter.
function usable(body: string | undefined, max: number, invitation: boolean): string | undefined {
  if (body === undefined || characters(body) > max || !body.includes(CODE_PARAMETER)) return undefined;
  if (invitation && !body.includes(USERNAME_PARAMETER)) return undefined;
  return body;
}
