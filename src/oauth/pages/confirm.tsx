/** The sign-up confirmation page's body: the username and the code from the email or text message. */
import type { FieldError } from "../account/field-errors.js";
import { AccountForm, Field } from "./account-form.js";

/** What the confirmation form shows. */
export interface ConfirmProps {
  action: string;
  /** Where the "send a new code" button posts (`/resendcode` with the query). */
  resendAction: string;
  csrf: string;
  username: string;
  error?: FieldError;
}

/** The code form, and a second form that asks for a new code for the same username. */
export function ConfirmForm(props: ConfirmProps) {
  return (
    <>
      <AccountForm action={props.action} csrf={props.csrf} submit="Confirm account">
        <Field
          name="username"
          label="Username"
          value={props.username}
          error={props.error}
          autocomplete="username"
          autofocus={props.error === undefined && props.username === ""}
        />
        <Field
          name="code"
          label="Verification code"
          error={props.error}
          autocomplete="one-time-code"
          inputmode="numeric"
          autofocus={props.username !== ""}
        />
      </AccountForm>
      <ResendForm action={props.resendAction} csrf={props.csrf} username={props.username} />
    </>
  );
}

/** "Didn't get a code?": a POST (a GET never sends anything: link scanners follow links). */
export function ResendForm(props: { action: string; csrf: string; username: string }) {
  return (
    <form method="post" action={props.action} class="resend">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="username" value={props.username} />
      <p class="textDescription-customizable">
        Didn't receive a code?{" "}
        <button type="submit" class="link-button redirect-customizable">
          Send a new code
        </button>
      </p>
    </form>
  );
}
