/**
 * Cognito Identity's error messages, in AWS's own words, each written once. A message seen only
 * from the live service carries `// [obs]`, one no source confirms `// [?]`, and one that is
 * cognate's own (no AWS counterpart) `// [cognate]`.
 */

export const MESSAGES = {
  // Logins: which provider a token is from
  /** [obs] amazon-cognito-identity-js #7, amplify-js #2067: a key (or a user pool client) the pool does not name. */
  unsupportedProvider: "Token is not from a supported provider of this identity pool.", // [obs]
  /** [obs] amazon-cognito-identity-js #40, #407: the token's `iss` is not the Logins key's provider. */
  issuerMismatch: "Invalid login token. Issuer doesn't match providerName", // [obs]
  /** [obs] GetId with a GetOpenIdTokenForDeveloperIdentity token under `cognito-identity.amazonaws.com`. */
  cognitoTokenNotAllowed: "Invalid login token. Can't pass in a Cognito token.", // [obs]
  /** [obs] aws-sdk-android #1431: a token under `cognito-identity.amazonaws.com` that is not the service's. */
  notCognitoToken: "Invalid login token. Not a Cognito token.", // [obs]
  // Logins: the token itself
  /** [obs] passport-google-oauth2 #20: an access token (not a JWT) where an ID token belongs. */
  notOpenIdToken: "Invalid login token. Not a valid OpenId Connect identity token.", // [obs]
  /** [obs] amazon-cognito-identity-js #91: a bad signature, or no key of the issuer fits. */
  unverifiedSignature: "Invalid login token. Couldn't verify signed token.", // [obs]
  notYetValid: "Invalid login token. Token is not valid yet.", // [?]
  /** A token of the identity service for another identity pool. */
  wrongAudience: "Invalid login token. Incorrect token audience.", // [?] words, after STS's
  // Logins: ServerSideTokenCheck (the reference says only "400 Not Authorized")
  tokenRevoked: "Invalid login token. Token has been revoked.", // [?]
  loginUserNotFound: "Invalid login token. User does not exist.", // [?]
  loginUserDisabled: "Invalid login token. User is disabled.", // [?]
  // Identities and their logins
  /** [obs] GetId without Logins in a pool that allows no unauthenticated identities. */
  unauthenticatedNotSupported: "Unauthenticated access is not supported for this identity pool.", // [obs]
  /** [obs] An authenticated identity's credentials asked for without a login it holds. */
  loginsDontMatch:
    "Logins don't match. Please include at least one valid login for this identity or identity pool.", // [obs]
  /** [cognate] A GetOpenIdToken token (or a guest's) passed back as a login: it is for STS, the basic flow. */
  notDeveloperToken:
    "Invalid login token. Only a GetOpenIdTokenForDeveloperIdentity token is a login under cognito-identity.amazonaws.com; GetOpenIdToken's token is for sts:AssumeRoleWithWebIdentity.",
  /** [obs] No role for the identity, or a role that does not trust Cognito Identity for this pool. */
  invalidPoolConfiguration: "Invalid identity pool configuration. Check assigned IAM roles for this pool.", // [obs]
  /** A Token or Rules mapping found no role and says Deny, or CustomRoleArn names a role not given. */
  roleNotAllowed: "The role mapping gives this identity no role it may assume.", // [?] words
  /** STS's PackedPolicyTooLarge, met inside GetCredentialsForIdentity (principal tags too large). */
  sessionTooLarge:
    "The principal tags make the session too large for its credentials: pass fewer or shorter tags.", // [cognate]
  /** [obs] The basic flow's token in a pool with AllowClassicFlow off. */
  classicFlowDisabled: "Basic (classic) flow is not enabled, please use enhanced flow.", // [obs]
  // Identity pools
  poolLimit: "Identity pool limit exceeded: at most 1000 identity pools.", // [?] words
  tooManyTags: "An identity pool can have at most 50 tags.", // [?] words
  /** "Once you have set a developer provider name, you cannot change it." (the model). */
  developerProviderFixed: "Developer provider name cannot be changed once set.", // [?] words
  // Identities
  /** A login that would give one identity two users of a provider, or too many logins. */
  loginConflict: "The logins conflict with the identity's own: one user per provider, at most 20 logins.", // [?] words
  /** The model's DeveloperUserAlreadyRegisteredException documentation. */
  developerUserRegistered: "This developer user identifier is already registered with Cognito.",
  lookupNeedsKey: "Either IdentityId or DeveloperUserIdentifier must be given.", // [?] words
  developerUserNotFound: "Developer user identifier not found.", // [?] words
  developerUserMismatch: "The IdentityId and the DeveloperUserIdentifier name different identities.", // [?] words
} as const;

/** A message of the table, by key. */
export type MessageKey = keyof typeof MESSAGES;

/**
 * The messages that name something: a claim, a provider, a time.
 *
 * @example
 * ```ts
 * throw new NotAuthorizedException(NAMED.missingClaim("aud")); // "Invalid login token. Missing a required claim: aud"
 * ```
 */
export const NAMED = {
  /** [obs] amazon-cognito-identity-js #12: an access token of a user pool (it has no `aud`). */
  missingClaim: (claim: string) => `Invalid login token. Missing a required claim: ${claim}`,
  /** [obs] aws-sdk-ios #2570: `Token expired: 1589092400 >= 1589092129`, now then `exp`, in seconds. */
  tokenExpired: (nowSeconds: number, exp: number) =>
    `Invalid login token. Token expired: ${nowSeconds} >= ${exp}`,
  /** [cognate] Facebook's, Amazon's and Twitter's access tokens, and SAML responses, cannot be checked offline. */
  unverifiableProvider: (provider: string) =>
    `Invalid login token. cognate does not verify ${provider} logins: they can only be checked by calling the provider. Use an OpenID Connect provider or a user pool instead.`,
  /** [cognate] The pool names an OIDC provider the configuration does not describe. */
  oidcProviderNotConfigured: (arn: string) =>
    `The OpenID Connect provider ${arn} is not configured: add its issuer URL and client ids to the configuration's OIDC providers.`,
  /** [cognate] Two Logins keys for one provider (a user pool under both of its names). */
  duplicateProvider: (provider: string) => `Logins name the provider ${provider} more than once.`,
  /** [obs] amplify-js #14117, aws-sdk-android-samples #163. */
  poolNotFound: (id: string) => `IdentityPool '${id}' not found.`,
  identityNotFound: (id: string) => `Identity '${id}' not found.`, // [?] words, after the pool's
  invalidPoolArn: (arn: string) => `Invalid identity pool ARN: ${arn}`, // [?] words
  invalidProviderName: (name: string) =>
    `Invalid Cognito Identity Provider name: ${name}. Use cognito-idp.{region}.amazonaws.com/{userPoolId} or a cognate user pool's issuer without its scheme.`, // [?] words
  /** The same user-pool provider and client listed twice in CognitoIdentityProviders. */
  duplicatePoolProvider: (name: string) => `Duplicate Cognito Identity Provider: ${name}`, // [?] words
  invalidRoleArn: (arn: string) => `Invalid role ARN: ${arn}`, // [?] words
  roleMappingNeedsResolution: (provider: string) =>
    `AmbiguousRoleResolution must be specified for the role mapping of ${provider}.`, // [?] words
  roleMappingNeedsRules: (provider: string) =>
    `RulesConfiguration must be specified for the Rules role mapping of ${provider}.`, // [?] words
  roleMappingTooManyRules: (provider: string) => `The role mapping of ${provider} has more than 25 rules.`, // [?] words
  developerProviderNotFound: (name: string) => `Developer provider ${name} is not the identity pool's.`, // [?] words
  /** The provider's keys could not be fetched (ExternalServiceException). */
  providerUnavailable: (provider: string) => `Unable to reach ${provider} to verify the login token.`, // [?]
} as const;
