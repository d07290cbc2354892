/**
 * The checks on a SigV4 credential scope and request time, before any key is looked up.
 */
import { formatAmzDate } from "./sigv4-canonical.js";
import { failure, MESSAGES, type SigV4Failure } from "./sigv4-errors.js";
import type { SigV4Auth } from "./sigv4-parse.js";

/** The longest lifetime a presigned request may claim: one week, as the AWS signers allow. */
export const MAX_PRESIGN_SECONDS = 604_800;

/** `AKID/date/region/service/aws4_request`, split. */
export interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  /** `date/region/service/terminator`: the credential scope signed in the string to sign. */
  scope: string;
}

/**
 * Splits a `Credential` value into its five parts.
 *
 * @example
 * ```ts
 * parseCredential("AKIDEXAMPLE/20150830/us-east-1/service/aws4_request").region; // "us-east-1"
 * ```
 */
export function parseCredential(text: string): Credential | SigV4Failure {
  const parts = text.split("/");
  if (parts.length !== 5 || parts.some((part) => part === "")) {
    return failure("IncompleteSignatureException", MESSAGES.credentialParts(text));
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return {
    accessKeyId,
    date,
    region,
    service,
    terminator,
    scope: `${date}/${region}/${service}/${terminator}`,
  };
}

/**
 * Checks that the scope names this endpoint's region, an accepted service, the `aws4_request`
 * terminator and the request's own date; every problem found is reported, as AWS does.
 *
 * @example
 * ```ts
 * checkScope(credential, "20150830T123600Z", "us-east-1", ["cognito-identity"]); // undefined when all fit
 * ```
 */
export function checkScope(
  credential: Credential,
  amzDate: string,
  region: string,
  service: string | readonly string[],
): SigV4Failure | undefined {
  const services: readonly string[] = typeof service === "string" ? [service] : service;
  const problems: string[] = [];
  if (credential.region !== region) problems.push(MESSAGES.wrongRegion(credential.region));
  if (!services.includes(credential.service)) problems.push(MESSAGES.wrongService(services[0] ?? ""));
  if (credential.terminator !== "aws4_request")
    problems.push(MESSAGES.wrongTerminator(credential.terminator));
  const date = amzDate.slice(0, 8);
  if (credential.date !== date) problems.push(MESSAGES.wrongScopeDate(credential.date, date, amzDate));
  return problems.length > 0 ? failure("InvalidSignatureException", problems.join(" ")) : undefined;
}

/**
 * Checks the request time: within `maxSkewMs` of now for a signed header; for a presigned URL, not
 * more than `maxSkewMs` in the future and not past `X-Amz-Date + X-Amz-Expires`.
 *
 * @example
 * ```ts
 * checkTime(auth, parseAmzDate(auth.amzDate)!, Date.now(), 5 * 60_000); // undefined when on time
 * ```
 */
export function checkTime(
  auth: SigV4Auth,
  requestTime: number,
  now: number,
  maxSkewMs: number,
): SigV4Failure | undefined {
  const minutes = maxSkewMs / 60_000;
  if (requestTime > now + maxSkewMs) {
    return failure(
      "InvalidSignatureException",
      MESSAGES.notYetCurrent(auth.amzDate, formatAmzDate(now + maxSkewMs), formatAmzDate(now), minutes),
    );
  }
  if (auth.form === "query" && auth.expires !== undefined) {
    if (!/^\d{1,7}$/.test(auth.expires))
      return failure("IncompleteSignatureException", MESSAGES.expiresNotNumber);
    const seconds = Number(auth.expires);
    if (seconds > MAX_PRESIGN_SECONDS)
      return failure("IncompleteSignatureException", MESSAGES.expiresTooLong);
    if (requestTime + seconds * 1000 < now) {
      return failure(
        "InvalidSignatureException",
        MESSAGES.presignExpired(
          formatAmzDate(requestTime + seconds * 1000),
          formatAmzDate(now),
          auth.amzDate,
          seconds,
        ),
      );
    }
    return undefined;
  }
  if (requestTime < now - maxSkewMs) {
    return failure(
      "InvalidSignatureException",
      MESSAGES.expired(auth.amzDate, formatAmzDate(now - maxSkewMs), formatAmzDate(now), minutes),
    );
  }
  return undefined;
}
