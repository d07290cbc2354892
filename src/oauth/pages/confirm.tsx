/** The sign-up confirmation page's body: the username and the code from the email or text message. */
import type { FieldError } from "../account/field-errors.js";
import { CodeForm } from "./account-form.js";
import type { Catalogue } from "./messages/index.js";

/** What the confirmation form shows. */
export interface ConfirmProps {
  action: string;
  /** Where the "send a new code" button posts (`/resendcode` with the query). */
  resendAction: string;
  csrf: string;
  t: Catalogue;
  username: string;
  error?: FieldError;
}

/** The code form, and a second form that asks for a new code for the same username. */
export function ConfirmForm(props: ConfirmProps) {
  const { t } = props;
  return (
    <>
      <CodeForm {...props} submit={t.confirmAccount} codeLabel={t.verificationCode} />
      <ResendForm t={t} action={props.resendAction} csrf={props.csrf} username={props.username} />
    </>
  );
}

/** "Didn't get a code?": a POST (a GET never sends anything: link scanners follow links). */
export function ResendForm(props: { t: Catalogue; action: string; csrf: string; username: string }) {
  return (
    <form method="post" action={props.action} class="resend">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="username" value={props.username} />
      <p class="textDescription-customizable">
        {props.t.noCodeReceived}{" "}
        <button type="submit" class="link-button redirect-customizable">
          {props.t.sendNewCode}
        </button>
      </p>
    </form>
  );
}
