/**
 * Cognito's error messages that more than one operation (or more than one step of a sign-in)
 * answers with, in AWS's own words, so that each is written once. A message no source confirms
 * carries `// [?]`, one seen only from the live service `// [obs]`.
 */
import { INTERNAL_ERROR_MESSAGE } from "../protocol/json/index.js";

export const MESSAGES = {
  // The user
  userDisabled: "User is disabled.",
  userNotFound: "User does not exist.",
  userNotConfirmed: "User is not confirmed.",
  usernameClientNotFound: "Username/client id combination not found.",
  passwordResetRequired: "Password reset required for the user",
  temporaryPasswordExpired: "Temporary password has expired and must be reset by an administrator.",
  /** [obs] amplify-js #2383: ForgotPassword of an EXTERNAL_PROVIDER user. */
  passwordCannotBeReset: "User password cannot be reset in the current state.",
  // Sign-in
  incorrectCredentials: "Incorrect username or password.",
  attemptsExceeded: "Password attempts exceeded",
  invalidSession: "Invalid session for the user.",
  sessionExpired: "Invalid session for the user, session is expired.",
  sessionUsed: "Invalid session for the user, session can only be used once.",
  flowNotForOperation: "Initiate Auth method not supported.", // [obs]
  /** CUSTOM_AUTH in a pool without a DefineAuthChallenge trigger. */
  customAuthNotConfigured: "Custom auth lambda trigger is not configured for the user pool.", // [obs]
  srpAInvalid: "SRP_A is not valid", // [?] words
  deviceNotFound: "Device does not exist.",
  wrongDeviceKey: "Invalid device key given.", // [?] words
  codeMismatch: "Invalid code received for user",
  totpCodeUsed: "Your software token has already been used once.",
  // Lambda triggers
  /** A trigger's answer Cognito cannot read (InvalidLambdaResponseException). */
  unrecognizableLambdaOutput: "Unrecognizable lambda output",
  // Codes sent to the user, and their limits
  expiredCode: "Invalid code provided, please request a code again.",
  verificationCodeMismatch: "Invalid verification code provided, please try again.",
  attemptLimit: "Attempt limit exceeded, please try after some time.",
  autoVerificationOff: "Auto verification not turned on.",
  softwareTokenCodeMismatch: "Code mismatch",
  // Attributes and groups
  unauthorizedAttribute: "A client attempted to write unauthorized attribute",
  groupNotFound: "Group not found.",
  // Threat protection
  blockedBySecurity: "Unable to login because of security reasons.", // [obs]
  blockedAddress: "Request not allowed due to security reasons.", // [obs]
  // Tokens
  invalidRefreshToken: "Invalid Refresh Token",
  refreshTokenRevoked: "Refresh Token has been revoked",
  invalidAccessToken: "Invalid Access Token",
  accessTokenExpired: "Access Token has expired",
  accessTokenRevoked: "Access Token has been revoked",
  // Any operation: the protocol's own words, also the service's answer to an unexpected failure.
  internalError: INTERNAL_ERROR_MESSAGE,
} as const;

/** A message of the table, by key. */
export type MessageKey = keyof typeof MESSAGES;

/**
 * The messages that name something: a parameter, a flow, a client.
 *
 * @example
 * ```ts
 * throw new InvalidParameterException(NAMED.missingParameter("USERNAME")); // "Missing required parameter USERNAME"
 * ```
 */
export const NAMED = {
  missingParameter: (name: string) => `Missing required parameter ${name}`,
  // The reference has these words for USER_PASSWORD_AUTH only; the other flows follow its pattern [?].
  flowNotEnabled: (flow: string) => `${flow} flow not enabled for this client`,
  secretHashMissing: (clientId: string) =>
    `Client ${clientId} is configured with secret but SECRET_HASH was not received`,
  // [?] words, after SECRET_HASH's.
  clientSecretMissing: (clientId: string) =>
    `Client ${clientId} is configured with secret but ClientSecret was not received`,
  secretHashWrong: (clientId: string) => `Unable to verify secret hash for client ${clientId}`,
  poolNotFound: (poolId: string) => `User pool ${poolId} does not exist.`,
  clientNotFound: (clientId: string) => `User pool client ${clientId} does not exist.`,
  /** A username or alias attribute (`email`, `phone_number`) another user holds. */
  aliasExists: (attribute: string) => `An account with the given ${attribute} already exists.`,
  cannotConfirm: (status: string) => `User cannot be confirmed. Current status is ${status}`,
  requiredAttribute: (name: string) =>
    `Attributes did not conform to the schema: ${name}: The attribute ${name} is required`,
  // [?] words
  immutableAttribute: (name: string) =>
    `Attributes did not conform to the schema: ${name}: Attribute cannot be updated. (changing an immutable attribute)`,
} as const;
