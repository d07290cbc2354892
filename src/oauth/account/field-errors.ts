/**
 * An operation's Cognito error as the account pages show it: in plain words, tied to the field it
 * is about (the page marks that input `aria-invalid` and points it at the message), or to the
 * form as a whole. The words are the API's own where they read well to a person, so the pages
 * tell no more (and no less) than the API does: PreventUserExistenceErrors applies unchanged. The
 * words are the catalogue's English (pages/messages/en.ts); the page shows them in its language.
 */
import type { AwsError } from "../../protocol/json/index.js";
import { en } from "../pages/messages/en.js";

/** A message for the form, or for one of its fields (`username`, `code`, `password`, ...). */
export interface FieldError {
  field?: string;
  message: string;
}

const POLICY_PREFIX = "Password did not conform with policy: ";

/** Each error type's field and, where the API's words are not for people, the page's own. */
const BY_TYPE: Readonly<Record<string, { field?: string; message?: string }>> = {
  UsernameExistsException: { field: "username", message: en.usernameExists },
  AliasExistsException: {
    field: "username",
    message: en.aliasExists,
  },
  UserNotFoundException: { field: "username", message: en.noSuchAccount },
  InvalidPasswordException: { field: "password" },
  PasswordHistoryPolicyViolationException: {
    field: "password",
    message: en.passwordUsedRecently,
  },
  CodeMismatchException: { field: "code", message: en.codeInvalid },
  ExpiredCodeException: { field: "code", message: en.codeExpired },
  LimitExceededException: { message: en.attemptsExceeded },
  TooManyRequestsException: { message: en.tooManyRequests },
  TooManyFailedAttemptsException: { message: en.tooManyFailedAttempts },
  CodeDeliveryFailureException: { message: en.codeNotSent },
  InternalErrorException: { message: en.somethingWrong },
};

/**
 * The page's message for an operation's error.
 *
 * @example
 * ```ts
 * fieldError(new InvalidPasswordException("Password did not conform with policy: Password not long enough"));
 * // { field: "password", message: "Password not long enough" }
 * ```
 */
export function fieldError(error: AwsError): FieldError {
  const known = BY_TYPE[error.type];
  let message = known?.message ?? error.message;
  if (message.startsWith(POLICY_PREFIX)) message = `${message.slice(POLICY_PREFIX.length)}.`;
  // The shape's own report names the wire's members ("Value at 'username' failed ..."): point it at the field.
  const member = /at '([a-zA-Z]+)'/.exec(message)?.[1];
  const field = known?.field ?? (member === undefined ? undefined : FIELD_OF_MEMBER[member]);
  if (error.type === "InvalidParameterException" && member !== undefined) {
    // Shorter than the shape's minimum: the policy's words, which the policy would also say.
    if (member === "password" && /length greater than/.test(message))
      return { field, message: en.passwordTooShortSentence };
    return { field, message: MEMBER_WORDS[member] ?? en.invalidValue };
  }
  return field === undefined ? { message } : { field, message };
}

const FIELD_OF_MEMBER: Readonly<Record<string, string>> = {
  username: "username",
  password: "password",
  confirmationCode: "code",
};

const MEMBER_WORDS: Readonly<Record<string, string>> = {
  username: en.validUsername,
  password: en.validPassword,
  confirmationCode: en.enterCodeReceived,
};
