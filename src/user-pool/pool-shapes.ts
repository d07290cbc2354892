/**
 * The input shapes of CreateUserPool and UpdateUserPool, after the service model: the settings a
 * pool keeps for life (schema, username and alias attributes) and those UpdateUserPool replaces.
 */
import { boolean, document, integer, list, map, string, structure } from "../protocol/json/index.js";

/** `UserPoolId` as every operation takes it. */
export const userPoolId = () => string({ required: true, min: 1, max: 55, pattern: "[\\w-]+_[0-9a-zA-Z]+" });

const message = (max: number) => string({ min: 6, max, pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*" });
const arn = <const R extends boolean = false>(required?: R) =>
  string({
    required: (required ?? false) as R,
    min: 20,
    max: 2048,
    pattern:
      "arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?",
  });

const senderConfig = () =>
  structure({ LambdaVersion: string({ required: true, enum: ["V1_0"] }), LambdaArn: arn(true) });

/**
 * LambdaConfigType: the function of each trigger (an ARN), the pre token generation event's
 * version, the custom senders and the KMS key their codes are encrypted under. Members the model
 * does not know are dropped, as the JSON protocol drops them.
 */
export const LambdaConfig = structure({
  PreSignUp: arn(),
  CustomMessage: arn(),
  PostConfirmation: arn(),
  PreAuthentication: arn(),
  PostAuthentication: arn(),
  DefineAuthChallenge: arn(),
  CreateAuthChallenge: arn(),
  VerifyAuthChallengeResponse: arn(),
  PreTokenGeneration: arn(),
  UserMigration: arn(),
  PreTokenGenerationConfig: structure({
    LambdaVersion: string({ required: true, enum: ["V1_0", "V2_0", "V3_0"] }),
    LambdaArn: arn(true),
  }),
  CustomSMSSender: senderConfig(),
  CustomEmailSender: senderConfig(),
  KMSKeyID: arn(),
});

const PasswordPolicy = structure({
  MinimumLength: integer({ min: 6, max: 99 }),
  RequireUppercase: boolean(),
  RequireLowercase: boolean(),
  RequireNumbers: boolean(),
  RequireSymbols: boolean(),
  PasswordHistorySize: integer({ min: 0, max: 24 }),
  TemporaryPasswordValidityDays: integer({ min: 0, max: 365 }),
});

/** One SchemaAttributeType of CreateUserPool's `Schema` and AddCustomAttributes. */
export const SchemaAttribute = structure({
  Name: string({ min: 1, max: 20, pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+" }),
  AttributeDataType: string({ enum: ["String", "Number", "DateTime", "Boolean"] }),
  DeveloperOnlyAttribute: boolean(),
  Mutable: boolean(),
  Required: boolean(),
  NumberAttributeConstraints: structure({ MinValue: string(), MaxValue: string() }),
  StringAttributeConstraints: structure({ MinLength: string(), MaxLength: string() }),
});

/** The members UpdateUserPool replaces (a member left out goes back to its default, as in Cognito). */
export const POOL_SETTINGS = {
  Policies: structure({
    PasswordPolicy,
    SignInPolicy: structure({
      AllowedFirstAuthFactors: list(string({ enum: ["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"] })),
    }),
  }),
  DeletionProtection: string({ enum: ["ACTIVE", "INACTIVE"] }),
  LambdaConfig,
  AutoVerifiedAttributes: list(string({ enum: ["phone_number", "email"] })),
  SmsVerificationMessage: message(140),
  EmailVerificationMessage: message(20000),
  EmailVerificationSubject: string({ min: 1, max: 140 }),
  VerificationMessageTemplate: structure({
    SmsMessage: message(140),
    EmailMessage: message(20000),
    EmailSubject: string({ min: 1, max: 140 }),
    EmailMessageByLink: message(20000),
    EmailSubjectByLink: string({ min: 1, max: 140 }),
    DefaultEmailOption: string({ enum: ["CONFIRM_WITH_LINK", "CONFIRM_WITH_CODE"] }),
  }),
  SmsAuthenticationMessage: message(140),
  UserAttributeUpdateSettings: structure({
    AttributesRequireVerificationBeforeUpdate: list(string({ enum: ["phone_number", "email"] })),
  }),
  MfaConfiguration: string({ enum: ["OFF", "ON", "OPTIONAL"] }),
  DeviceConfiguration: structure({
    ChallengeRequiredOnNewDevice: boolean(),
    DeviceOnlyRememberedOnUserPrompt: boolean(),
  }),
  EmailConfiguration: structure({
    SourceArn: arn(),
    ReplyToEmailAddress: string(),
    EmailSendingAccount: string({ enum: ["COGNITO_DEFAULT", "DEVELOPER"] }),
    From: string(),
    ConfigurationSet: string({ min: 1, max: 64 }),
  }),
  SmsConfiguration: structure({
    SnsCallerArn: arn(),
    ExternalId: string(),
    SnsRegion: string({ min: 5, max: 32 }),
  }),
  UserPoolTags: map(string({ min: 1, max: 128 }), string({ min: 0, max: 256 }), { max: 50 }),
  AdminCreateUserConfig: structure({
    AllowAdminCreateUserOnly: boolean(),
    UnusedAccountValidityDays: integer({ min: 0, max: 365 }),
    InviteMessageTemplate: structure({
      SMSMessage: message(140),
      EmailMessage: message(20000),
      EmailSubject: string({ min: 1, max: 140 }),
    }),
  }),
  UserPoolAddOns: document(),
  AccountRecoverySetting: structure({
    RecoveryMechanisms: list(
      structure({
        Priority: integer({ required: true, min: 1, max: 2 }),
        Name: string({ required: true, enum: ["verified_email", "verified_phone_number", "admin_only"] }),
      }),
      { min: 1, max: 2 },
    ),
  }),
  UserPoolTier: string({ enum: ["LITE", "ESSENTIALS", "PLUS"] }),
} as const;

/** The members a pool keeps for life: only CreateUserPool sets them. */
export const POOL_FIXED = {
  UsernameAttributes: list(string({ enum: ["phone_number", "email"] })),
  AliasAttributes: list(string({ enum: ["phone_number", "email", "preferred_username"] })),
  UsernameConfiguration: structure({ CaseSensitive: boolean({ required: true }) }),
  Schema: list(SchemaAttribute, { min: 1, max: 50 }),
} as const;

const POOL_NAME = "[\\w\\s+=,.@-]+";

/** CreateUserPool's input. */
export const CreateUserPoolInput = structure({
  PoolName: string({ required: true, min: 1, max: 128, pattern: POOL_NAME }),
  ...POOL_SETTINGS,
  ...POOL_FIXED,
});

/** UpdateUserPool's input. */
export const UpdateUserPoolInput = structure({
  UserPoolId: userPoolId(),
  PoolName: string({ min: 1, max: 128, pattern: POOL_NAME }),
  ...POOL_SETTINGS,
});

/** A pool's stored settings: the members of CreateUserPool other than PoolName, as given. */
export type PoolSettings = Record<string, unknown>;

/**
 * The members of `members` that `input` holds (what a pool or client stores).
 *
 * @example
 * ```ts
 * pick({ PoolName: "p", MfaConfiguration: "ON" }, POOL_SETTINGS); // { MfaConfiguration: "ON" }
 * ```
 */
export function pick(
  input: Record<string, unknown>,
  members: Readonly<Record<string, unknown>>,
): PoolSettings {
  const out: PoolSettings = {};
  for (const name of Object.keys(members)) if (input[name] !== undefined) out[name] = input[name];
  return out;
}
