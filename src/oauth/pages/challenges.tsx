/**
 * The pages of the sign-in's challenges, each a form POSTed back to `/login` with the
 * authorization request's query, the challenge's name and its Session in hidden fields (the
 * Session is what an API client holds too; it is single use, bound to the client and the
 * challenge, and minutes long): a code (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP), the choice of a
 * factor (SELECT_MFA_TYPE), an authenticator's set-up with its QR code (MFA_SETUP), and a new
 * password with the required attributes the user lacks (NEW_PASSWORD_REQUIRED).
 */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Hosted } from "../hosted.js";
import { Field, Hidden, Layout, PageForm, type PageStyle, Submit } from "./layout.js";

/** What every challenge page gets. */
export interface ChallengePageProps {
  hosted: Hosted;
  action: string;
  csrf: string;
  session: string;
  style?: PageStyle;
  lang?: string;
  /** An error about the whole form. */
  error?: string;
  /** An error about one field, by name. */
  fieldErrors?: Record<string, string | undefined>;
}

/** The pages that end in a second factor: they offer to remember the device where the pool asks. */
export interface SecondFactorPageProps extends ChallengePageProps {
  /** Show the "Remember this device" checkbox (`DeviceOnlyRememberedOnUserPrompt`). */
  rememberDevice?: boolean;
}

const CODE_TITLES: Record<string, string> = {
  SOFTWARE_TOKEN_MFA: "Enter the code from your authenticator app",
  SMS_MFA: "Enter the code we texted you",
  EMAIL_OTP: "Enter the code we emailed you",
};

/** The factors' names as the user knows them. */
export const FACTOR_LABELS: Record<string, string> = {
  SOFTWARE_TOKEN_MFA: "Authenticator app",
  SMS_MFA: "Text message (SMS)",
  EMAIL_OTP: "Email",
};

function ChallengeForm(props: ChallengePageProps & { challenge: string; detail?: string; children?: Child }) {
  return (
    <PageForm action={props.action} csrf={props.csrf}>
      <Hidden name="challenge" value={props.challenge} />
      <Hidden name="session" value={props.session} />
      {props.detail !== undefined && <Hidden name="detail" value={props.detail} />}
      {props.children}
    </PageForm>
  );
}

/** A one-time code's field: `name="code"`, `autocomplete="one-time-code"`, digits. */
function CodeField(props: { error?: string; hint?: string; label?: string }) {
  return (
    <Field
      id="code"
      name="code"
      label={props.label ?? "Code"}
      autocomplete="one-time-code"
      inputmode="numeric"
      pattern="[0-9]*"
      maxlength={8}
      autofocus
      hint={props.hint}
      error={props.error}
    />
  );
}

/** "Remember this device": the device then stands in for MFA at the next sign-in in this browser. */
function RememberDevice() {
  return (
    <label class="cognate-choice" for="remember_device">
      <input type="checkbox" id="remember_device" name="remember_device" value="true" />
      Remember this device
    </label>
  );
}

/** SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP: the code. `destination` is the masked number or address. */
export function CodePage(props: SecondFactorPageProps & { factor: string; destination?: string }) {
  const hint =
    props.destination !== undefined && props.destination !== ""
      ? `We sent it to ${props.destination}.`
      : props.factor === "SOFTWARE_TOKEN_MFA"
        ? "Open your authenticator app and enter the 6-digit code it shows."
        : undefined;
  return (
    <Layout
      hosted={props.hosted}
      title={CODE_TITLES[props.factor] ?? "Enter your code"}
      lang={props.lang}
      style={props.style}
      error={props.error}
    >
      <ChallengeForm {...props} challenge={props.factor} detail={props.destination}>
        <CodeField hint={hint} error={props.fieldErrors?.code} />
        {props.rememberDevice === true && <RememberDevice />}
        <Submit label="Sign in" />
      </ChallengeForm>
    </Layout>
  );
}

/** SELECT_MFA_TYPE: one of the user's factors. */
export function SelectFactorPage(props: ChallengePageProps & { choices: string[] }) {
  const error = props.fieldErrors?.answer;
  return (
    <Layout
      hosted={props.hosted}
      title="Choose how to verify it's you"
      lang={props.lang}
      style={props.style}
      error={props.error}
    >
      <ChallengeForm {...props} challenge="SELECT_MFA_TYPE" detail={props.choices.join(" ")}>
        <fieldset
          aria-describedby={error === undefined ? undefined : "answer-error"}
          aria-invalid={error === undefined ? undefined : "true"}
        >
          <legend>Verification method</legend>
          {props.choices.map((choice, i) => (
            <label class="cognate-choice" for={`answer-${choice}`}>
              <input
                type="radio"
                id={`answer-${choice}`}
                name="answer"
                value={choice}
                required
                checked={i === 0}
                autofocus={i === 0}
              />
              {FACTOR_LABELS[choice] ?? choice}
            </label>
          ))}
          {error !== undefined && (
            <p class="cognate-field-error" id="answer-error">
              {error}
            </p>
          )}
        </fieldset>
        <Submit label="Continue" />
      </ChallengeForm>
    </Layout>
  );
}

/** MFA_SETUP with an authenticator: the QR code (SVG markup from totp-qr.ts), the secret as text, the first code. */
export function MfaSetupPage(props: SecondFactorPageProps & { qr: string; secretCode: string }) {
  return (
    <Layout
      hosted={props.hosted}
      title="Set up your authenticator app"
      lang={props.lang}
      style={props.style}
      error={props.error}
    >
      <p id="setup-steps">
        Scan this QR code with an authenticator app, or enter the key below in it. Then enter the 6-digit code
        the app shows.
      </p>
      <div class="cognate-qr" role="img" aria-label="QR code of the key for your authenticator app">
        {raw(props.qr)}
      </div>
      <p>
        Key:{" "}
        <code class="cognate-secret" id="totp-secret">
          {props.secretCode}
        </code>
      </p>
      <ChallengeForm {...props} challenge="MFA_SETUP">
        <CodeField label="Code from the app" error={props.fieldErrors?.code} />
        {props.rememberDevice === true && <RememberDevice />}
        <Submit label="Verify and sign in" />
      </ChallengeForm>
    </Layout>
  );
}

/** The label of a standard attribute the user may be asked for. */
const ATTRIBUTE_LABELS: Record<string, string> = {
  name: "Name",
  given_name: "Given name",
  family_name: "Family name",
  middle_name: "Middle name",
  nickname: "Nickname",
  preferred_username: "Preferred username",
  email: "Email",
  phone_number: "Phone number",
  birthdate: "Birthdate (YYYY-MM-DD)",
  gender: "Gender",
  locale: "Locale",
  zoneinfo: "Time zone",
  address: "Address",
  website: "Website",
  picture: "Picture URL",
  profile: "Profile URL",
  updated_at: "Updated at",
};

const ATTRIBUTE_TYPES: Record<string, "email" | "tel"> = { email: "email", phone_number: "tel" };

/** NEW_PASSWORD_REQUIRED: the new password twice, and each required attribute the user lacks. */
export function NewPasswordPage(
  props: ChallengePageProps & { required: string[]; values?: Record<string, string> },
) {
  const errors = props.fieldErrors ?? {};
  return (
    <Layout
      hosted={props.hosted}
      title="Change your password"
      lang={props.lang}
      style={props.style}
      error={props.error}
    >
      <ChallengeForm {...props} challenge="NEW_PASSWORD_REQUIRED" detail={props.required.join(" ")}>
        <Field
          id="new_password"
          name="password"
          label="New password"
          type="password"
          autocomplete="new-password"
          autofocus
          maxlength={256}
          error={errors.password}
        />
        <Field
          id="confirm_password"
          name="confirm_password"
          label="Enter the new password again"
          type="password"
          autocomplete="new-password"
          maxlength={256}
          error={errors.confirm_password}
        />
        {props.required.map((name) => (
          <Field
            id={`attribute-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`}
            name={`userAttributes.${name}`}
            label={ATTRIBUTE_LABELS[name] ?? name}
            type={ATTRIBUTE_TYPES[name] ?? "text"}
            value={props.values?.[name]}
            maxlength={2048}
            error={errors[`userAttributes.${name}`]}
          />
        ))}
        <Submit label="Change password and sign in" />
      </ChallengeForm>
    </Layout>
  );
}
