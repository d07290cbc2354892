/** The password reset page's body: the code, a new password and its confirmation. */
import type { FieldError } from "../account/field-errors.js";
import { CodeForm, NewPasswordField, PageLink } from "./account-form.js";
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
      <CodeForm {...props} submit={t.changePassword} codeLabel={t.code}>
        <NewPasswordField
          name="password"
          label={t.newPassword}
          error={props.error}
          rules={props.passwordRules}
        />
        <NewPasswordField name="confirm_password" label={t.enterNewPasswordAgain} error={props.error} />
      </CodeForm>
      <PageLink href={props.forgotHref}>{t.sendNewCode}</PageLink>
    </>
  );
}
