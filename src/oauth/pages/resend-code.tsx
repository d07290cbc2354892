/** The page that asks for a new sign-up code: the username, then the confirmation page. */
import type { FieldError } from "../account/field-errors.js";
import { AccountForm, Field, PageLink } from "./account-form.js";
import type { Catalogue } from "./messages/index.js";

/** What the resend form shows. */
export interface ResendCodeProps {
  action: string;
  csrf: string;
  t: Catalogue;
  username: string;
  error?: FieldError;
  confirmHref: string;
}

/** The form. */
export function ResendCodeForm(props: ResendCodeProps) {
  const { t } = props;
  return (
    <>
      <AccountForm action={props.action} csrf={props.csrf} submit={t.sendNewCode}>
        <Field
          name="username"
          label={t.username}
          value={props.username}
          error={props.error}
          autocomplete="username"
          autofocus={props.error === undefined}
        />
      </AccountForm>
      <PageLink href={props.confirmHref}>{t.iHaveCode}</PageLink>
    </>
  );
}
