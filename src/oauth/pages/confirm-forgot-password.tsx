/** The password reset page's body: the code, a new password and its confirmation. */
import type { FieldError } from "../account/field-errors.js";
import { AccountForm, Field, PageLink, UsernameAndCode } from "./account-form.js";
import type { Catalogue } from "./messages/index.js";

/** What the form shows. */
export interface ConfirmForgotPasswordProps {
  action: string;
  csrf: string;
  t: Catalogue;
  username: string;
  passwordRules: readonly string[];
  error?: FieldError;
  forgotHref: string;
}

/** The form; the username travels in it, as a visible, editable field. */
export function ConfirmForgotPasswordForm(props: ConfirmForgotPasswordProps) {
  const { t } = props;
  return (
    <>
      <AccountForm action={props.action} csrf={props.csrf} submit={t.changePassword}>
        <UsernameAndCode
          username={props.username}
          usernameLabel={t.username}
          codeLabel={t.code}
          error={props.error}
        />
        <Field
          name="password"
          label={t.newPassword}
          type="password"
          error={props.error}
          autocomplete="new-password"
          hint={
            <ul class="password-rules">
              {props.passwordRules.map((rule) => (
                <li class="passwordCheck-notValid-customizable">{rule}</li>
              ))}
            </ul>
          }
        />
        <Field
          name="confirm_password"
          label={t.enterNewPasswordAgain}
          type="password"
          error={props.error}
          autocomplete="new-password"
        />
      </AccountForm>
      <PageLink href={props.forgotHref}>{t.sendNewCode}</PageLink>
    </>
  );
}
