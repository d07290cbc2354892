/**
 * The sign-in form of `/login`, with the names Cognito's classic page uses (scripts that drive
 * it keep working): form `cognitoSignInForm`, fields `username` (`signInFormUsername`),
 * `password` (`signInFormPassword`), `_csrf`, and the `signInSubmitButton` button.
 */
import type { Hosted } from "../hosted.js";
import { Field, Layout, PageForm, PageLink, type PageStyle, Submit } from "./layout.js";
import { type Catalogue, format } from "./messages/index.js";

/** A button of the sign-in page that starts a federated sign-in. */
export interface ProviderButton {
  /** The identity provider's name (`identity_provider`). */
  name: string;
  /** What the button says after "Continue with". */
  label: string;
  /** `/oauth2/authorize` with the request and `identity_provider`. */
  href: string;
}

/** What the sign-in form shows. */
export interface SignInProps {
  hosted: Hosted;
  /** The form's action: `/login` with the authorization request's query. */
  action: string;
  csrf: string;
  /** The authorization request's query, for the links to the account pages. */
  query: string;
  username?: string;
  /** An error about the attempt (wrong credentials, an expired page). */
  error?: string;
  /** An error about one field, by field name. */
  fieldErrors?: { username?: string; password?: string };
  /** Whether users may sign themselves up (the link to `/signup`). */
  signUp: boolean;
  /** Whether the client takes the pool's own sign-in (COGNITO): the form and its links. Default true. */
  cognito?: boolean;
  /** One button per identity provider of the client besides COGNITO. */
  providers?: readonly ProviderButton[];
  style?: PageStyle;
  lang?: string;
  /** The words of `lang`. */
  t: Catalogue;
}

/** The sign-in page. */
export function SignInPage(props: SignInProps) {
  const { hosted, t, fieldErrors = {} } = props;
  const focusPassword = fieldErrors.username === undefined && (props.username ?? "") !== "";
  return (
    <Layout hosted={hosted} title={t.signIn} lang={props.lang} style={props.style} error={props.error}>
      {(props.providers ?? []).length > 0 && (
        <div class="cognate-idps">
          {(props.providers ?? []).map((p) => (
            <a class="cognate-idp" id={`idp-${p.name}`} data-provider={p.name} href={p.href}>
              {format(t.continueWith, { provider: p.label })}
            </a>
          ))}
        </div>
      )}
      {props.cognito !== false && <CognitoForm {...props} focusPassword={focusPassword} />}
    </Layout>
  );
}

/** The username and password form, and the links to the account pages. */
function CognitoForm(props: SignInProps & { focusPassword: boolean }) {
  const { hosted, t, fieldErrors = {}, focusPassword } = props;
  return (
    <>
      <PageForm action={props.action} csrf={props.csrf} name="cognitoSignInForm">
        <Field
          id="signInFormUsername"
          name="username"
          label={t.username}
          value={props.username}
          autocomplete="username"
          autofocus={!focusPassword}
          error={fieldErrors.username}
          maxlength={128}
        />
        <Field
          id="signInFormPassword"
          name="password"
          label={t.password}
          type="password"
          autocomplete="current-password"
          autofocus={focusPassword}
          error={fieldErrors.password}
          maxlength={256}
        />
        <Submit label={t.signIn} name="signInSubmitButton" value="Sign in" />
      </PageForm>
      <PageLink href={`${hosted.base}/forgotPassword?${props.query}`}>{t.forgotPassword}</PageLink>
      {props.signUp && <PageLink href={`${hosted.base}/signup?${props.query}`}>{t.needAccount}</PageLink>}
    </>
  );
}
