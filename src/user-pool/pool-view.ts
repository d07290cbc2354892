/**
 * A stored pool as the model's UserPoolType (DescribeUserPool, CreateUserPool) and as
 * UserPoolDescriptionType (ListUserPools): stored settings with Cognito's defaults filled in.
 */
import type { PoolRecord } from "../storage/index.js";
import type { UserPoolContext } from "./context.js";
import { DEFAULT_PASSWORD_POLICY } from "./rules/password-policy.js";
import { schemaAttributes, type SchemaAttribute } from "./schema-attributes.js";

type Settings = Record<string, unknown>;
const obj = (value: unknown): Settings =>
  typeof value === "object" && value !== null ? (value as Settings) : {};

/** The pool's ARN: `arn:aws:cognito-idp:{region}:{account}:userpool/{id}`. */
export function poolArn(ctx: UserPoolContext, id: string): string {
  return `arn:aws:cognito-idp:${ctx.region}:${ctx.accountId}:userpool/${id}`;
}

/** The effective password policy: the stored one over Cognito's defaults. */
export function passwordPolicyOf(settings: Settings): typeof DEFAULT_PASSWORD_POLICY {
  return { ...DEFAULT_PASSWORD_POLICY, ...obj(obj(settings.Policies).PasswordPolicy) };
}

/**
 * The UserPoolType of a stored pool; dates go out as epoch seconds.
 */
export function userPoolType(
  ctx: UserPoolContext,
  pool: PoolRecord,
  estimatedUsers: number,
): Record<string, unknown> {
  const s = pool.config;
  return {
    Id: pool.id,
    Name: pool.name,
    Arn: poolArn(ctx, pool.id),
    Policies: {
      PasswordPolicy: passwordPolicyOf(s),
      SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD"], ...obj(obj(s.Policies).SignInPolicy) },
    },
    DeletionProtection: s.DeletionProtection ?? "INACTIVE",
    LambdaConfig: s.LambdaConfig ?? {},
    CreationDate: new Date(pool.createdAt),
    LastModifiedDate: new Date(pool.updatedAt),
    SchemaAttributes: schemaAttributes(s.Schema as SchemaAttribute[] | undefined),
    AutoVerifiedAttributes: s.AutoVerifiedAttributes,
    AliasAttributes: s.AliasAttributes,
    UsernameAttributes: s.UsernameAttributes,
    SmsVerificationMessage: s.SmsVerificationMessage,
    EmailVerificationMessage: s.EmailVerificationMessage,
    EmailVerificationSubject: s.EmailVerificationSubject,
    VerificationMessageTemplate: {
      DefaultEmailOption: "CONFIRM_WITH_CODE",
      ...obj(s.VerificationMessageTemplate),
    },
    SmsAuthenticationMessage: s.SmsAuthenticationMessage,
    UserAttributeUpdateSettings: s.UserAttributeUpdateSettings ?? {
      AttributesRequireVerificationBeforeUpdate: [],
    },
    MfaConfiguration: s.MfaConfiguration ?? "OFF",
    DeviceConfiguration: s.DeviceConfiguration,
    EstimatedNumberOfUsers: estimatedUsers,
    EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT", ...obj(s.EmailConfiguration) },
    SmsConfiguration: s.SmsConfiguration,
    UserPoolTags: s.UserPoolTags ?? {},
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: false,
      UnusedAccountValidityDays: passwordPolicyOf(s).TemporaryPasswordValidityDays,
      ...obj(s.AdminCreateUserConfig),
    },
    UserPoolAddOns: s.UserPoolAddOns,
    // Without the setting cognate's pools are case-insensitive (AWS's API default is sensitive).
    UsernameConfiguration: s.UsernameConfiguration ?? { CaseSensitive: false },
    AccountRecoverySetting: s.AccountRecoverySetting ?? {
      RecoveryMechanisms: [
        { Priority: 1, Name: "verified_email" },
        { Priority: 2, Name: "verified_phone_number" },
      ],
    },
    UserPoolTier: s.UserPoolTier ?? "ESSENTIALS",
  };
}

/** The UserPoolDescriptionType of a stored pool, as ListUserPools lists it. */
export function userPoolDescription(pool: PoolRecord): Record<string, unknown> {
  return {
    Id: pool.id,
    Name: pool.name,
    LambdaConfig: pool.config.LambdaConfig ?? {},
    CreationDate: new Date(pool.createdAt),
    LastModifiedDate: new Date(pool.updatedAt),
  };
}
