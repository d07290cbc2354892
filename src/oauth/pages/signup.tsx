/** The sign-up page's body: username, the pool's required attributes, a password and its rules. */
import type { FieldError } from "../account/field-errors.js";
import type { AttributeInput } from "../account/sign-up-form.js";
import { AccountForm, Field, PageLink } from "./account-form.js";

/** What the sign-up form shows. */
export interface SignUpProps {
  action: string;
  csrf: string;
  usernameLabel: string;
  attributes: readonly AttributeInput[];
  passwordRules: readonly string[];
  values: Readonly<Record<string, string>>;
  error?: FieldError;
  loginHref: string;
}

/** The form; a submitted password is never echoed back into it. */
export function SignUpForm(props: SignUpProps) {
  const emailName = props.usernameLabel === "Email";
  return (
    <>
      <AccountForm action={props.action} csrf={props.csrf} submit="Sign up">
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
        <Field
          name="password"
          label="Password"
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
      </AccountForm>
      <PageLink href={props.loginHref}>Already have an account? Sign in</PageLink>
    </>
  );
}

/** What the page says in a pool where only administrators create users. */
export function SignUpClosed(props: { loginHref: string }) {
  return (
    <>
      <p class="textDescription-customizable">
        Sign-up is not available here: accounts are created by an administrator.
      </p>
      <PageLink href={props.loginHref}>Back to sign in</PageLink>
    </>
  );
}

/** After a sign-up in a pool that verifies nothing: the account waits for an administrator. */
export function SignUpPending(props: { loginHref: string }) {
  return (
    <>
      <p class="textDescription-customizable" role="status">
        Your account was created. An administrator must confirm it before you can sign in.
      </p>
      <PageLink href={props.loginHref}>Back to sign in</PageLink>
    </>
  );
}
