/**
 * The constants of the Cognito user-pool service (cognito-idp) on the AWS JSON 1.1 protocol.
 */

/** The `X-Amz-Target` prefix: `AWSCognitoIdentityProviderService.<Operation>`. */
export const COGNITO_IDP_TARGET_PREFIX = "AWSCognitoIdentityProviderService";

/** The SigV4 signing name (the credential scope's service). */
export const COGNITO_IDP_SIGNING_NAME = "cognito-idp";

/**
 * The operations the service model marks `smithy.api#noAuth`: clients send them unsigned (the
 * caller is named by a ClientId, an AccessToken, a Session or a FeedbackToken in the body), so
 * they are accepted unsigned and a signature sent anyway is ignored. Every other operation must be
 * signed.
 *
 * The reference (cognito-user-pools.md section 1) lists 32; the model of the SDK this project pins
 * (client-cognito-identity-provider 3.1169.0, its `defaultCognitoIdentityProviderHttpAuthSchemeProvider`)
 * lists 34: the same 32 plus ListUserSessions and RevokeUserSession, newer operations authorized
 * by the AccessToken. The SDK sends those two unsigned, so they must be here.
 *
 * @example
 * ```ts
 * jsonService({ ..., unsigned: COGNITO_IDP_UNSIGNED_OPERATIONS });
 * COGNITO_IDP_UNSIGNED_OPERATIONS.has("AdminGetUser"); // false: signed
 * ```
 */
export const COGNITO_IDP_UNSIGNED_OPERATIONS: ReadonlySet<string> = new Set([
  // Identified by the ClientId.
  "SignUp",
  "ConfirmSignUp",
  "ResendConfirmationCode",
  "ForgotPassword",
  "ConfirmForgotPassword",
  "InitiateAuth",
  "RespondToAuthChallenge",
  "RevokeToken",
  "GetTokensFromRefreshToken",
  // Authorized by the AccessToken in the body.
  "GetUser",
  "ChangePassword",
  "ConfirmDevice",
  "ForgetDevice",
  "GetDevice",
  "ListDevices",
  "UpdateDeviceStatus",
  "DeleteUser",
  "DeleteUserAttributes",
  "UpdateUserAttributes",
  "GetUserAttributeVerificationCode",
  "VerifyUserAttribute",
  "GlobalSignOut",
  "SetUserMFAPreference",
  "SetUserSettings",
  "GetUserAuthFactors",
  "StartWebAuthnRegistration",
  "CompleteWebAuthnRegistration",
  "ListWebAuthnCredentials",
  "DeleteWebAuthnCredential",
  "ListUserSessions",
  "RevokeUserSession",
  // The AccessToken or the Session.
  "AssociateSoftwareToken",
  "VerifySoftwareToken",
  // The FeedbackToken.
  "UpdateAuthEventFeedback",
]);
