/** The sign-up page's body: username, the pool's required attributes, a password and its rules. */
import type { FieldError } from "../account/field-errors.js";
import type { AttributeInput } from "../account/sign-up-form.js";
import { AccountForm, Field, NewPasswordField, PageLink } from "./account-form.js";
import type { Catalogue } from "./messages/index.js";

/** What the sign-up form shows. */
export interface SignUpProps {
  action: string;
  csrf: string;
  t: Catalogue;
  usernameLabel: string;
  /** The username is the email (its input is of type email). */
  usernameIsEmail: boolean;
  attributes: readonly AttributeInput[];
  passwordRules: readonly string[];
  values: Readonly<Record<string, string>>;
  error?: FieldError;
  loginHref: string;
}

/** The form; a submitted password is never echoed back into it. */
export function SignUpForm(props: SignUpProps) {
  const { t } = props;
  const emailName = props.usernameIsEmail;
  return (
    <>
      <AccountForm action={props.action} csrf={props.csrf} submit={t.signUp}>
        <Field
          name="username"
          label={props.usernameLabel}
          type={emailName ? "email" : "text"}
          value={props.values.username}
          error={props.error}
          autocomplete={emailName ? "email" : "username"}
          autofocus={props.error === undefined}
        />
        {props.attributes.map((a) => (
          <Field
            name={a.name}
            label={a.label}
            type={a.type}
            value={props.values[a.name]}
            error={props.error}
            autocomplete={a.autocomplete}
          />
        ))}
        <NewPasswordField
          name="password"
          label={t.password}
          error={props.error}
          rules={props.passwordRules}
        />
      </AccountForm>
      <PageLink href={props.loginHref}>{t.alreadyHaveAccount}</PageLink>
    </>
  );
}

/** What the page says in a pool where only administrators create users. */
export function SignUpClosed(props: { t: Catalogue; loginHref: string }) {
  return (
    <>
      <p class="textDescription-customizable">{props.t.signUpClosed}</p>
      <PageLink href={props.loginHref}>{props.t.backToSignIn}</PageLink>
    </>
  );
}

/** After a sign-up in a pool that verifies nothing: the account waits for an administrator. */
export function SignUpPending(props: { t: Catalogue; loginHref: string }) {
  return (
    <>
      <p class="textDescription-customizable" role="status">
        {props.t.signUpPending}
      </p>
      <PageLink href={props.loginHref}>{props.t.backToSignIn}</PageLink>
    </>
  );
}
