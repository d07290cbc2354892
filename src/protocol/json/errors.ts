/**
 * The errors an AWS JSON 1.1 operation throws, and how they go on the wire. One class, `AwsError`,
 * and a one-line factory that makes a protocol-exact subclass per Cognito error type, so that
 * `throw new NotAuthorizedException("Incorrect username or password.")` is all an operation writes.
 */
import { awsJsonError } from "../errors.js";

/**
 * An error an operation answers with: the `__type`, the message and the HTTP status (400 for
 * every modelled client error, as Cognito answers them; 500 for `InternalErrorException`).
 * A message of `undefined` is left out of the body.
 */
export class AwsError extends Error {
  constructor(
    /** The error's `__type`, e.g. `NotAuthorizedException`. */
    readonly type: string,
    message?: string,
    /** The HTTP status. Default 400. */
    readonly status = 400,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = type;
    this.wireMessage = message;
  }

  /** The message as sent: `undefined` sends none. */
  readonly wireMessage: string | undefined;
}

/** The class {@link errorClass} makes: `new X(message)` with the type and status built in. */
export interface AwsErrorClass {
  new (message?: string, options?: { cause?: unknown }): AwsError;
  readonly type: string;
}

/**
 * Makes the error class of one `__type`.
 *
 * @example
 * ```ts
 * export const CodeMismatchException = errorClass("CodeMismatchException");
 * throw new CodeMismatchException("Invalid verification code provided, please try again.");
 * ```
 */
export function errorClass(type: string, status = 400): AwsErrorClass {
  return class extends AwsError {
    static readonly type = type;
    constructor(message?: string, options?: { cause?: unknown }) {
      super(type, message, status, options);
    }
  };
}

// Coral's own errors: the framework answers them before an operation runs. AWS names their
// namespace in x-amzn-ErrorType (seen on the wire, e.g. for ExpiredTokenException).
const CORAL_SERVICE = "http://internal.amazon.com/coral/com.amazon.coral.service/";
const FRAMEWORK_TYPES: ReadonlySet<string> = new Set([
  "AccessDeniedException",
  "ExpiredTokenException",
  "IncompleteSignatureException",
  "InvalidSignatureException",
  "MissingAuthenticationTokenException",
  "RequestEntityTooLargeException",
  "SerializationException",
  "UnknownOperationException",
  "UnrecognizedClientException",
]);

/**
 * The response for an error: `{"__type","message"}`, `x-amzn-ErrorType` and the request id.
 * `x-amzn-ErrorType` is `Type:` for Cognito's modelled errors and `Type:<Coral service uri>` for
 * the framework's; every client (SDK v3, Amplify, amazon-cognito-identity-js) cuts it at `:`.
 * SerializationException spells its message `Message`, as Coral does.
 *
 * @example
 * ```ts
 * renderError(new NotAuthorizedException("Incorrect username or password."), requestId);
 * // 400, x-amzn-ErrorType: NotAuthorizedException:
 * ```
 */
export function renderError(error: AwsError, requestId: string): Response {
  const framework = FRAMEWORK_TYPES.has(error.type);
  return awsJsonError(error.type, error.wireMessage, error.status, requestId, {
    errorTypeHeader: `${error.type}:${framework ? CORAL_SERVICE : ""}`,
    messageKey: error.type === "SerializationException" ? "Message" : "message",
  });
}

// The framework's errors.
/** The body is no JSON object, or a member has the wrong JSON type. */
export const SerializationException = errorClass("SerializationException");
/** The `X-Amz-Target` names no operation of this service. */
export const UnknownOperationException = errorClass("UnknownOperationException");
/** The request is not an AWS JSON 1.1 call (its `Content-Type`), so no operation can be named. */
export const AccessDeniedException = errorClass("AccessDeniedException", 403);
/** The body is larger than the service reads. */
export const RequestEntityTooLargeException = errorClass("RequestEntityTooLargeException", 413);

// Cognito's modelled errors that most operations throw.
export const InvalidParameterException = errorClass("InvalidParameterException");
export const NotAuthorizedException = errorClass("NotAuthorizedException");
export const ResourceNotFoundException = errorClass("ResourceNotFoundException");
export const UserNotFoundException = errorClass("UserNotFoundException");
export const UsernameExistsException = errorClass("UsernameExistsException");
export const UserNotConfirmedException = errorClass("UserNotConfirmedException");
export const AliasExistsException = errorClass("AliasExistsException");
export const GroupExistsException = errorClass("GroupExistsException");
export const InvalidPasswordException = errorClass("InvalidPasswordException");
export const PasswordResetRequiredException = errorClass("PasswordResetRequiredException");
export const PasswordHistoryPolicyViolationException = errorClass("PasswordHistoryPolicyViolationException");
export const CodeMismatchException = errorClass("CodeMismatchException");
export const ExpiredCodeException = errorClass("ExpiredCodeException");
export const CodeDeliveryFailureException = errorClass("CodeDeliveryFailureException");
export const LimitExceededException = errorClass("LimitExceededException");
export const TooManyRequestsException = errorClass("TooManyRequestsException");
export const TooManyFailedAttemptsException = errorClass("TooManyFailedAttemptsException");
export const UnsupportedOperationException = errorClass("UnsupportedOperationException");
export const UnsupportedTokenTypeException = errorClass("UnsupportedTokenTypeException");
export const UnsupportedUserStateException = errorClass("UnsupportedUserStateException");
export const InvalidUserPoolConfigurationException = errorClass("InvalidUserPoolConfigurationException");
export const InvalidOAuthFlowException = errorClass("InvalidOAuthFlowException");
export const ScopeDoesNotExistException = errorClass("ScopeDoesNotExistException");
export const FeatureUnavailableInTierException = errorClass("FeatureUnavailableInTierException");
export const ConcurrentModificationException = errorClass("ConcurrentModificationException");
export const DuplicateProviderException = errorClass("DuplicateProviderException");
export const UnsupportedIdentityProviderException = errorClass("UnsupportedIdentityProviderException");
export const PreconditionNotMetException = errorClass("PreconditionNotMetException");
export const RefreshTokenReuseException = errorClass("RefreshTokenReuseException");
export const UserLambdaValidationException = errorClass("UserLambdaValidationException");
export const InvalidLambdaResponseException = errorClass("InvalidLambdaResponseException");
export const UnexpectedLambdaException = errorClass("UnexpectedLambdaException");
export const MFAMethodNotFoundException = errorClass("MFAMethodNotFoundException");
export const SoftwareTokenMFANotFoundException = errorClass("SoftwareTokenMFANotFoundException");
export const EnableSoftwareTokenMFAException = errorClass("EnableSoftwareTokenMFAException");
// Cognito Identity's own modelled errors (cognito-identity service-2.json).
/** A login linked elsewhere, a second login of one public provider, an identity of another pool. */
export const ResourceConflictException = errorClass("ResourceConflictException");
/** A provider Cognito Identity depends on (an OIDC provider's keys) did not answer. */
export const ExternalServiceException = errorClass("ExternalServiceException");
/** The identity pool cannot serve the request as configured (no role for it, an unknown provider). */
export const InvalidIdentityPoolConfigurationException = errorClass(
  "InvalidIdentityPoolConfigurationException",
);
/** A developer user identifier already linked to another identity. */
export const DeveloperUserAlreadyRegisteredException = errorClass("DeveloperUserAlreadyRegisteredException");
/** Cognito's own failure: the one 500. */
export const InternalErrorException = errorClass("InternalErrorException", 500);
/** AWS's words for an {@link InternalErrorException}: a failure it does not explain. */
export const INTERNAL_ERROR_MESSAGE = "Internal server error";
