/** The page that asks for a new sign-up code: the username, then the confirmation page. */
import type { FieldError } from "../account/field-errors.js";
import { AccountForm, Field, PageLink } from "./account-form.js";

/** What the resend form shows. */
export interface ResendCodeProps {
  action: string;
  csrf: string;
  username: string;
  error?: FieldError;
  confirmHref: string;
}

/** The form. */
export function ResendCodeForm(props: ResendCodeProps) {
  return (
    <>
      <AccountForm action={props.action} csrf={props.csrf} submit="Send a new code">
        <Field
          name="username"
          label="Username"
          value={props.username}
          error={props.error}
          autocomplete="username"
          autofocus={props.error === undefined}
        />
      </AccountForm>
      <PageLink href={props.confirmHref}>I have a code</PageLink>
    </>
  );
}
