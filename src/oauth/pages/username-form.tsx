/**
 * The body of a page that asks only for the username and sends a code to it (`/forgotPassword`,
 * `/resendcode`): an optional line of explanation, the field, the submit button, one link on.
 */
import type { FieldError } from "../account/field-errors.js";
import { AccountForm, Field, PageLink } from "./account-form.js";
import type { Catalogue, MessageKey } from "./messages/index.js";

/** What the form shows; the texts are catalogue keys. */
export interface UsernameFormProps {
  action: string;
  csrf: string;
  t: Catalogue;
  username: string;
  error?: FieldError;
  intro?: MessageKey;
  submit: MessageKey;
  link: { href: string; text: MessageKey };
}

/** The form. */
export function UsernameForm(props: UsernameFormProps) {
  const { t } = props;
  return (
    <>
      {props.intro !== undefined && <p class="textDescription-customizable">{t[props.intro]}</p>}
      <AccountForm action={props.action} csrf={props.csrf} submit={t[props.submit]}>
        <Field
          name="username"
          label={t.username}
          value={props.username}
          error={props.error}
          autocomplete="username"
          autofocus={props.error === undefined}
        />
      </AccountForm>
      <PageLink href={props.link.href}>{t[props.link.text]}</PageLink>
    </>
  );
}
