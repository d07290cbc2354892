/**
 * The pieces of the account pages' forms (sign-up, confirmation, password reset): a labelled
 * input whose error is tied to it (`aria-invalid`, `aria-describedby`), a link between pages,
 * and the form itself (POST to the same path and query, `_csrf`, a submit button). The
 * classes are the classic hosted UI's `*-customizable` ones, so SetUICustomization's CSS applies.
 */
import type { Child } from "hono/jsx";
import type { FieldError } from "../account/field-errors.js";
import type { Catalogue } from "./messages/index.js";

/** One input and its label; `error` is shown under it when it names this field. */
export function Field(props: {
  name: string;
  label: string;
  type?: string;
  value?: string;
  error?: FieldError;
  autocomplete?: string;
  inputmode?: "numeric" | "text" | "email" | "tel";
  required?: boolean;
  autofocus?: boolean;
  hint?: Child;
}) {
  const id = `field-${props.name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  const invalid = props.error?.field === props.name;
  const described = [props.hint === undefined ? "" : `${id}-hint`, invalid ? `${id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div class={invalid ? "cognate-field cognate-invalid" : "cognate-field"}>
      <label for={id} class="label-customizable">
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value ?? ""}
        class="inputField-customizable"
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        required={props.required ?? true}
        autofocus={props.autofocus === true || invalid}
        aria-invalid={invalid ? "true" : undefined}
        aria-describedby={described === "" ? undefined : described}
        autocapitalize={props.type === "password" || props.name === "username" ? "none" : undefined}
        spellcheck={false}
      />
      {props.hint === undefined ? null : (
        <div id={`${id}-hint`} class="cognate-hint textDescription-customizable">
          {props.hint}
        </div>
      )}
      {invalid ? (
        <p id={`${id}-error`} class="cognate-field-error errorMessage-customizable">
          {props.error?.message}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The form of a code sent to a username (`/confirm`, `/confirmforgotPassword`): the username, the
 * code (which takes the focus once the username is known), then `children`; it posts to `action`.
 */
export function CodeForm(props: {
  action: string;
  csrf: string;
  submit: string;
  t: Catalogue;
  username: string;
  codeLabel: string;
  error?: FieldError | undefined;
  children?: Child;
}) {
  return (
    <AccountForm action={props.action} csrf={props.csrf} submit={props.submit}>
      <Field
        name="username"
        label={props.t.username}
        value={props.username}
        error={props.error}
        autocomplete="username"
        autofocus={props.error === undefined && props.username === ""}
      />
      <Field
        name="code"
        label={props.codeLabel}
        error={props.error}
        autocomplete="one-time-code"
        inputmode="numeric"
        autofocus={props.username !== ""}
      />
      {props.children}
    </AccountForm>
  );
}

/**
 * A password being chosen (`autocomplete="new-password"`, never echoed back), with the pool's
 * password rules listed under it when given (sign-up, password reset and its confirmation).
 */
export function NewPasswordField(props: {
  name: string;
  label: string;
  error?: FieldError | undefined;
  rules?: readonly string[];
}) {
  return (
    <Field
      name={props.name}
      label={props.label}
      type="password"
      error={props.error}
      autocomplete="new-password"
      hint={
        props.rules === undefined ? undefined : (
          <ul class="password-rules">
            {props.rules.map((rule) => (
              <li class="passwordCheck-notValid-customizable">{rule}</li>
            ))}
          </ul>
        )
      }
    />
  );
}

/** A form POSTing to `action` (the page's own path and query) with the CSRF token and a submit button. */
export function AccountForm(props: { action: string; csrf: string; submit: string; children?: Child }) {
  return (
    <form method="post" action={props.action} class="cognate-form">
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
      <button type="submit" class="submitButton-customizable">
        {props.submit}
      </button>
    </form>
  );
}

/** A link between the pages (`redirect-customizable`). */
export function PageLink(props: { href: string; children?: Child }) {
  return (
    <p class="redirect-customizable">
      <a href={props.href}>{props.children}</a>
    </p>
  );
}
