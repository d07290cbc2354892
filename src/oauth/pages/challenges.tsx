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
import { type Catalogue, format, type MessageKey } from "./messages/index.js";

/** What every challenge page gets. */
export interface ChallengePageProps {
  hosted: Hosted;
  action: string;
  csrf: string;
  session: string;
  style?: PageStyle;
  lang?: string;
  /** The words of `lang`. */
  t: Catalogue;
  /** An error about the whole form. */
  error?: string;
  /** An error about one field, by name. */
  fieldErrors?: Record<string, string | undefined>;
}

/** The layout of a challenge page: its title, the pool's style, the language, the form's error. */
function ChallengeLayout(props: ChallengePageProps & { title: string; children?: Child }) {
  return (
    <Layout
      hosted={props.hosted}
      title={props.title}
      lang={props.lang}
      style={props.style}
      error={props.error}
    >
      {props.children}
    </Layout>
  );
}

/** The pages that end in a second factor: they offer to remember the device where the pool asks. */
export interface SecondFactorPageProps extends ChallengePageProps {
  /** Show the "Remember this device" checkbox (`DeviceOnlyRememberedOnUserPrompt`). */
  rememberDevice?: boolean;
}

const CODE_TITLES: Record<string, MessageKey> = {
  SOFTWARE_TOKEN_MFA: "codeTitleApp",
  SMS_MFA: "codeTitleSms",
  EMAIL_OTP: "codeTitleEmail",
};

/** The factors' names as the user knows them (catalogue keys). */
export const FACTOR_LABELS: Record<string, MessageKey> = {
  SOFTWARE_TOKEN_MFA: "factorApp",
  SMS_MFA: "factorSms",
  EMAIL_OTP: "factorEmail",
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
function CodeField(props: { t: Catalogue; error?: string; hint?: string; label?: string }) {
  return (
    <Field
      id="code"
      name="code"
      label={props.label ?? props.t.code}
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
function RememberDevice(props: { t: Catalogue }) {
  return (
    <label class="cognate-choice" for="remember_device">
      <input type="checkbox" id="remember_device" name="remember_device" value="true" />
      {props.t.rememberDevice}
    </label>
  );
}

/** SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP: the code. `destination` is the masked number or address. */
export function CodePage(props: SecondFactorPageProps & { factor: string; destination?: string }) {
  const { t } = props;
  const hint =
    props.destination !== undefined && props.destination !== ""
      ? format(t.codeSentTo, { destination: props.destination })
      : props.factor === "SOFTWARE_TOKEN_MFA"
        ? t.codeHintApp
        : undefined;
  const titleKey = CODE_TITLES[props.factor];
  return (
    <ChallengeLayout {...props} title={titleKey === undefined ? t.codeTitle : t[titleKey]}>
      <ChallengeForm {...props} challenge={props.factor} detail={props.destination}>
        <CodeField t={t} hint={hint} error={props.fieldErrors?.code} />
        {props.rememberDevice === true && <RememberDevice t={t} />}
        <Submit label={t.signIn} />
      </ChallengeForm>
    </ChallengeLayout>
  );
}

/** SELECT_MFA_TYPE: one of the user's factors. */
export function SelectFactorPage(props: ChallengePageProps & { choices: string[] }) {
  const { t } = props;
  const error = props.fieldErrors?.answer;
  return (
    <ChallengeLayout {...props} title={t.selectTitle}>
      <ChallengeForm {...props} challenge="SELECT_MFA_TYPE" detail={props.choices.join(" ")}>
        <fieldset
          aria-describedby={error === undefined ? undefined : "answer-error"}
          aria-invalid={error === undefined ? undefined : "true"}
        >
          <legend>{t.verificationMethod}</legend>
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
              {FACTOR_LABELS[choice] === undefined ? choice : t[FACTOR_LABELS[choice]]}
            </label>
          ))}
          {error !== undefined && (
            <p class="cognate-field-error" id="answer-error">
              {error}
            </p>
          )}
        </fieldset>
        <Submit label={t.continue} />
      </ChallengeForm>
    </ChallengeLayout>
  );
}

/** MFA_SETUP with an authenticator: the QR code (SVG markup from totp-qr.ts), the secret as text, the first code. */
export function MfaSetupPage(props: SecondFactorPageProps & { qr: string; secretCode: string }) {
  const { t } = props;
  return (
    <ChallengeLayout {...props} title={t.setupTitle}>
      <p id="setup-steps">{t.setupSteps}</p>
      <div class="cognate-qr" role="img" aria-label={t.qrLabel}>
        {raw(props.qr)}
      </div>
      <p>
        {t.key}{" "}
        <code class="cognate-secret" id="totp-secret">
          {props.secretCode}
        </code>
      </p>
      <ChallengeForm {...props} challenge="MFA_SETUP">
        <CodeField t={t} label={t.codeFromApp} error={props.fieldErrors?.code} />
        {props.rememberDevice === true && <RememberDevice t={t} />}
        <Submit label={t.verifyAndSignIn} />
      </ChallengeForm>
    </ChallengeLayout>
  );
}

/** The label of a standard attribute the user may be asked for. */
const ATTRIBUTE_LABELS: Record<string, MessageKey> = {
  name: "attrName",
  given_name: "attrGivenName",
  family_name: "attrFamilyName",
  middle_name: "attrMiddleName",
  nickname: "attrNickname",
  preferred_username: "attrPreferredUsername",
  email: "attrEmail",
  phone_number: "attrPhone",
  birthdate: "attrBirthdate",
  gender: "attrGender",
  locale: "attrLocale",
  zoneinfo: "attrZoneinfo",
  address: "attrAddress",
  website: "attrWebsite",
  picture: "attrPictureUrl",
  profile: "attrProfileUrl",
  updated_at: "attrUpdatedAt",
};

const ATTRIBUTE_TYPES: Record<string, "email" | "tel"> = { email: "email", phone_number: "tel" };

/** NEW_PASSWORD_REQUIRED: the new password twice, and each required attribute the user lacks. */
export function NewPasswordPage(
  props: ChallengePageProps & { required: string[]; values?: Record<string, string> },
) {
  const { t } = props;
  const errors = props.fieldErrors ?? {};
  return (
    <ChallengeLayout {...props} title={t.changePasswordTitle}>
      <ChallengeForm {...props} challenge="NEW_PASSWORD_REQUIRED" detail={props.required.join(" ")}>
        <Field
          id="new_password"
          name="password"
          label={t.newPassword}
          type="password"
          autocomplete="new-password"
          autofocus
          maxlength={256}
          error={errors.password}
        />
        <Field
          id="confirm_password"
          name="confirm_password"
          label={t.newPasswordAgain}
          type="password"
          autocomplete="new-password"
          maxlength={256}
          error={errors.confirm_password}
        />
        {props.required.map((name) => (
          <Field
            id={`attribute-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`}
            name={`userAttributes.${name}`}
            label={ATTRIBUTE_LABELS[name] === undefined ? name : t[ATTRIBUTE_LABELS[name]]}
            type={ATTRIBUTE_TYPES[name] ?? "text"}
            value={props.values?.[name]}
            maxlength={2048}
            error={errors[`userAttributes.${name}`]}
          />
        ))}
        <Submit label={t.changePasswordAndSignIn} />
      </ChallengeForm>
    </ChallengeLayout>
  );
}
