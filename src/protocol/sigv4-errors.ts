/**
 * The failures SigV4 verification reports, named and worded as AWS JSON services (awsJson1_0/1_1,
 * e.g. Cognito, DynamoDB) send them, so SDK clients see what they would see from AWS.
 *
 * No message ever carries a secret key, a session token or a request signature.
 */

/** The `__type` / `x-amzn-ErrorType` an AWS JSON service returns for each SigV4 failure. */
export type SigV4ErrorCode =
  | "MissingAuthenticationTokenException"
  | "IncompleteSignatureException"
  | "InvalidSignatureException"
  | "UnrecognizedClientException"
  | "ExpiredTokenException"
  | "RequestEntityTooLargeException"
  | "ThrottlingException";

/** A failed verification: the wire error code, its message and the HTTP status to send. */
export interface SigV4Failure {
  ok: false;
  error: SigV4ErrorCode;
  message: string;
  status: 400 | 413;
}

/**
 * The same failures under the names query-protocol services (STS, IAM) use, for callers that
 * render XML errors instead of JSON ones.
 */
export const QUERY_PROTOCOL_ERROR_CODES: Readonly<Record<SigV4ErrorCode, string>> = {
  MissingAuthenticationTokenException: "MissingAuthenticationToken",
  IncompleteSignatureException: "IncompleteSignature",
  InvalidSignatureException: "SignatureDoesNotMatch",
  UnrecognizedClientException: "InvalidClientTokenId",
  ExpiredTokenException: "ExpiredToken",
  RequestEntityTooLargeException: "RequestEntityTooLarge",
  ThrottlingException: "Throttling",
};

/**
 * Makes a failure; the status is 400, as AWS JSON services answer signature errors, or 413 for a
 * body over the limit.
 *
 * @example
 * ```ts
 * failure("UnrecognizedClientException", MESSAGES.unknownKey); // { ok: false, ..., status: 400 }
 * ```
 */
export function failure(error: SigV4ErrorCode, message: string): SigV4Failure {
  return { ok: false, error, message, status: error === "RequestEntityTooLargeException" ? 413 : 400 };
}

/** The messages, word for word where AWS's own wording is known. */
export const MESSAGES = {
  missingToken: "Request is missing Authentication Token",
  unknownKey: "The security token included in the request is invalid.",
  expiredToken: "The security token included in the request is expired",
  mismatch:
    "The request signature we calculated does not match the signature you provided. " +
    "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  headerRequires: (parameter: string) => `Authorization header requires '${parameter}' parameter.`,
  headerRequiresDate: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
  queryRequires: (parameter: string) => `AWS query-string parameters must include '${parameter}'.`,
  queryRepeats: (parameter: string) => `AWS query-string parameters must not repeat '${parameter}'.`,
  reexamineQuery: "Re-examine the query-string parameters.",
  // The part is echoed as AWS does, except a signature, which is never echoed.
  missingEqualSign: (part: string) =>
    `'${/^signature/i.test(part) ? "Signature" : part}' not a valid key=value pair (missing equal-sign) in Authorization header.`,
  unsupportedAlgorithm: (algorithm: string) => `Unsupported AWS 'algorithm': '${algorithm}'.`,
  credentialParts: (credential: string) =>
    `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
  badDate: (date: string) =>
    `Date must be in ISO-8601 'basic format'. Got '${date}'. See http://en.wikipedia.org/wiki/ISO_8601`,
  wrongRegion: (region: string) => `Credential should be scoped to a valid region, not '${region}'.`,
  wrongService: (expected: string) => `Credential should be scoped to correct service: '${expected}'.`,
  wrongTerminator: (terminator: string) =>
    `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`,
  wrongScopeDate: (scopeDate: string, date: string, amzDate: string) =>
    `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${date}', from '${amzDate}'.`,
  hostNotSigned: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
  // AWS's form for Host; the same words for other required headers as scratchstack-aws-signature,
  // a reimplementation of AWS's checks, words them for 'Content-Type'.
  mustBeSigned: (header: string) => `'${header}' must be a 'SignedHeader' in the AWS Authorization.`, // [?] for X-Amz-Target
  signedHeaderMissing: (name: string) => `The request is missing the signed header '${name}'.`,
  expired: (at: string, limit: string, now: string, minutes: number) =>
    `Signature expired: ${at} is now earlier than ${limit} (${now} - ${minutes} min.)`,
  notYetCurrent: (at: string, limit: string, now: string, minutes: number) =>
    `Signature not yet current: ${at} is still later than ${limit} (${now} + ${minutes} min.)`,
  presignExpired: (expiresAt: string, now: string, amzDate: string, seconds: number) =>
    `Signature expired: ${expiresAt} is now earlier than ${now} (${amzDate} + ${seconds} sec.)`,
  expiresNotNumber: "X-Amz-Expires should be a number",
  expiresTooLong:
    "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds",
  payloadMismatch: "The provided 'x-amz-content-sha256' header does not match what was computed.",
  unsignedPayload: "This endpoint does not accept 'UNSIGNED-PAYLOAD': the request body must be signed.",
  tooLarge: (max: number) => `Request body exceeds the limit of ${max} bytes.`,
  // What AWS JSON and query services answer when they throttle a caller.
  rateExceeded: "Rate exceeded",
} as const;
