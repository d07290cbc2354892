/**
 * A user's MFA preferences (SetUserMFAPreference and its admin twin): which factors are enabled
 * and which one is preferred, and how GetUser and AdminGetUser report them.
 */
import { boolean, InvalidParameterException, structure, type Infer } from "../../protocol/json/index.js";
import type { MfaFactor, PoolRecord, UserMfaRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { poolFactors } from "./pool-mfa.js";

const settings = () => structure({ Enabled: boolean(), PreferredMfa: boolean() });

/** The settings members both operations take. */
export const MFA_PREFERENCE_MEMBERS = {
  SMSMfaSettings: settings(),
  SoftwareTokenMfaSettings: settings(),
  EmailMfaSettings: settings(),
  WebAuthnMfaSettings: settings(),
} as const;
const Preferences = structure(MFA_PREFERENCE_MEMBERS);
type Given = Infer<typeof Preferences>;

const MEMBERS: [keyof Given, MfaFactor][] = [
  ["SMSMfaSettings", "SMS_MFA"],
  ["SoftwareTokenMfaSettings", "SOFTWARE_TOKEN_MFA"],
  ["EmailMfaSettings", "EMAIL_OTP"],
];
const NONE: Record<MfaFactor, boolean> = { SMS_MFA: false, SOFTWARE_TOKEN_MFA: false, EMAIL_OTP: false };

/**
 * Applies the given settings to the user's (members left out keep their value) and stores them.
 *
 * @throws {InvalidParameterException} for a factor the user cannot use (an unverified
 *   authenticator, no phone number or email, a factor the pool does not offer) or two preferred.
 */
export async function setMfaPreference(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  given: Given,
): Promise<void> {
  const store = await ctx.store();
  const current = await store.mfa.get(user.sub);
  const enabled = { ...(current?.enabled ?? NONE) };
  let preferred = current?.preferred ?? null;
  const offered = poolFactors(pool);
  const preferredNow: MfaFactor[] = [];
  for (const [member, factor] of MEMBERS) {
    const setting = given[member];
    if (setting === undefined) continue;
    if (setting.Enabled === true && !enabled[factor]) checkCanEnable(factor, user, current, offered);
    if (setting.Enabled !== undefined) enabled[factor] = setting.Enabled;
    if (setting.PreferredMfa === true) preferredNow.push(factor);
    else if (setting.PreferredMfa === false && preferred === factor) preferred = null;
  }
  if (preferredNow.length > 1) throw new InvalidParameterException("Only one MFA method can be preferred."); // [?] words
  if (preferredNow.length === 1) preferred = preferredNow[0]!;
  if (preferred !== null && !enabled[preferred]) {
    if (preferredNow.length === 1)
      throw new InvalidParameterException("A preferred MFA method must be enabled."); // [?] words
    preferred = null;
  }
  await store.mfa.setPreferences(pool.id, user.sub, enabled, preferred, ctx.now());
}

function checkCanEnable(
  factor: MfaFactor,
  user: UserRecord,
  current: UserMfaRecord | null,
  offered: MfaFactor[],
): void {
  if (factor === "SOFTWARE_TOKEN_MFA" && current?.totpVerified !== true)
    throw new InvalidParameterException("User has not verified software token mfa");
  if (!offered.includes(factor))
    throw new InvalidParameterException(`${factor} is not enabled for this user pool.`); // [?] words
  if (factor === "SMS_MFA" && !user.attributes.phone_number)
    throw new InvalidParameterException("User does not have a phone number."); // [?] words
  if (factor === "EMAIL_OTP" && !user.attributes.email)
    throw new InvalidParameterException("User does not have an email address."); // [?] words
}

/**
 * GetUser's and AdminGetUser's MFA members: the enabled factors and the preferred one, and the
 * legacy `MFAOptions` when SMS MFA is on.
 */
export function mfaSettingsOf(mfa: UserMfaRecord | null): {
  UserMFASettingList?: MfaFactor[];
  PreferredMfaSetting?: MfaFactor;
  MFAOptions?: { DeliveryMedium: string; AttributeName: string }[];
} {
  if (mfa === null) return {};
  const list = (Object.keys(mfa.enabled) as MfaFactor[]).filter((factor) => mfa.enabled[factor]);
  // The legacy member speaks of SMS MFA only (what SetUserSettings sets).
  const legacy = mfa.enabled.SMS_MFA
    ? { MFAOptions: [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }] }
    : {};
  return {
    UserMFASettingList: list.length > 0 ? list : undefined,
    PreferredMfaSetting: mfa.preferred ?? undefined,
    ...legacy,
  };
}
