/**
 * Cognito Identity's error messages, in AWS's own words where a source shows them, each written
 * once. A message no source confirms carries `// [?]`, one seen only from the live service `// [obs]`.
 */
export const MESSAGES = {
  /** [obs] amplify-js #14117, aws-sdk-android-samples #163. */
  poolNotFound: (id: string) => `IdentityPool '${id}' not found.`,
  identityNotFound: (id: string) => `Identity '${id}' not found.`, // [?] words, after the pool's
  /** A login that would give one identity two users of a provider, or too many logins. */
  loginConflict: "The logins conflict with the identity's own: one user per provider, at most 20 logins.", // [?] words
  lookupNeedsKey: "Either IdentityId or DeveloperUserIdentifier must be given.", // [?] words
  developerUserNotFound: "Developer user identifier not found.", // [?] words
  developerUserMismatch: "The IdentityId and the DeveloperUserIdentifier name different identities.", // [?] words
  developerProviderNotFound: (name: string) => `Developer provider ${name} is not the identity pool's.`, // [?] words
  poolLimit: "Identity pool limit exceeded: at most 1000 identity pools.", // [?] words
  tooManyTags: "An identity pool can have at most 50 tags.", // [?] words
  invalidPoolArn: (arn: string) => `Invalid identity pool ARN: ${arn}`, // [?] words
  invalidProviderName: (name: string) =>
    `Invalid Cognito Identity Provider name: ${name}. Use cognito-idp.{region}.amazonaws.com/{userPoolId} or a cognate user pool's issuer without its scheme.`, // [?] words
  duplicateProvider: (name: string) => `Duplicate Cognito Identity Provider: ${name}`, // [?] words
  invalidRoleArn: (arn: string) => `Invalid role ARN: ${arn}`, // [?] words
  roleMappingNeedsResolution: (provider: string) =>
    `AmbiguousRoleResolution must be specified for the role mapping of ${provider}.`, // [?] words
  roleMappingNeedsRules: (provider: string) =>
    `RulesConfiguration must be specified for the Rules role mapping of ${provider}.`, // [?] words
  roleMappingTooManyRules: (provider: string) => `The role mapping of ${provider} has more than 25 rules.`, // [?] words
  /** "Once you have set a developer provider name, you cannot change it." (the model). */
  developerProviderFixed: "Developer provider name cannot be changed once set.", // [?] words
} as const;
