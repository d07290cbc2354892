/** The forgotten-password page's body: the username, to which a reset code is sent. */
import type { FieldError } from "../account/field-errors.js";
import { AccountForm, Field, PageLink } from "./account-form.js";

/** What the form shows. */
export interface ForgotPasswordProps {
  action: string;
  csrf: string;
  username: string;
  error?: FieldError;
  loginHref: string;
}

/** The form. */
export function ForgotPasswordForm(props: ForgotPasswordProps) {
  return (
    <>
      <p class="textDescription-customizable">
        Enter your username and we will send you a code to reset your password.
      </p>
      <AccountForm action={props.action} csrf={props.csrf} submit="Reset my password">
        <Field
          name="username"
          label="Username"
          value={props.username}
          error={props.error}
          autocomplete="username"
          autofocus={props.error === undefined}
        />
      </AccountForm>
      <PageLink href={props.loginHref}>Back to sign in</PageLink>
    </>
  );
}
