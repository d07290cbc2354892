/**
 * STS's error codes and messages, in AWS's words where a source shows them (the service model's
 * documentation, or answers seen from the live service `// [obs]`), each written once.
 */
export const MESSAGES = {
  /** The model's ExpiredTokenException documentation. */
  expiredToken:
    "The web identity token that was passed is expired or is not valid. Get a new identity token from the identity provider and then retry the request.",
  /** The model's InvalidIdentityTokenException documentation. */
  invalidToken:
    "The web identity token that was passed could not be validated by Amazon Web Services. Get a new identity token from the identity provider and then retry the request.",
  /** [obs] A token whose issuer is no IAM OIDC provider of the account. */
  noProvider: (issuer: string) => `No OpenIDConnect provider found in your account for ${issuer}`,
  unverifiableProviderId: (provider: string) =>
    `cognate does not verify ${provider} access tokens (ProviderId): use an OpenID Connect ID token.`, // [cognate]
  managedPoliciesUnsupported:
    "cognate has no managed policies: PolicyArns cannot be given; pass the session policy in Policy.", // [cognate]
  packedPolicyTooLarge: "Packed policy consumes more than 100 percent of the allotted space.", // [obs] wording
  notAuthorized: "Not authorized to perform sts:AssumeRoleWithWebIdentity", // [obs]
  unknownAction: (action: string) => `Could not find operation ${action} for version 2011-06-15`, // [obs]
  missingAction: "Missing Action", // [?] words
  badRequest: "The request must be a form-encoded POST of the Query protocol, each parameter once.", // [?] words
  tooLarge: "The request is too large.", // [?] words
  malformedPolicy: (reason: string) => `The session policy is not valid: ${reason}`, // [?] words
  durationTooLong: (max: number) =>
    `The requested DurationSeconds exceeds the MaxSessionDuration set for this role (${max}).`, // [obs] wording
} as const;
