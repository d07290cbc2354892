/** The forgotten-password page's body: the username, to which a reset code is sent. */
import type { FieldError } from "../account/field-errors.js";
import { AccountForm, Field, PageLink } from "./account-form.js";
import type { Catalogue } from "./messages/index.js";

/** What the form shows. */
export interface ForgotPasswordProps {
  action: string;
  csrf: string;
  t: Catalogue;
  username: string;
  error?: FieldError;
  loginHref: string;
}

/** The form. */
export function ForgotPasswordForm(props: ForgotPasswordProps) {
  const { t } = props;
  return (
    <>
      <p class="textDescription-customizable">{t.forgotIntro}</p>
      <AccountForm action={props.action} csrf={props.csrf} submit={t.resetMyPassword}>
        <Field
          name="username"
          label={t.username}
          value={props.username}
          error={props.error}
          autocomplete="username"
          autofocus={props.error === undefined}
        />
      </AccountForm>
      <PageLink href={props.loginHref}>{t.backToSignIn}</PageLink>
    </>
  );
}
