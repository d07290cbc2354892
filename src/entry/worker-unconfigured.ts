import { ConfigError } from "../config.js";
import { awsJsonError } from "../protocol/errors.js";
import { namesTarget } from "../protocol/json/index.js";

/**
 * The status of a call a Worker cannot serve for a setting it lacks. Not 500 or 503: the AWS
 * SDKs and the AWS CLI retry those (five attempts in all), and no retry mends a missing setting.
 * 501 is a server's fault that neither retries (smithy's `TRANSIENT_ERROR_STATUS_CODES`,
 * botocore's retry modes: 500, 502, 503, 504).
 */
export const UNCONFIGURED_STATUS = 501;

/** A call of the Cognito API: `POST /` naming an operation (as the gateway app routes it). */
export function isCognitoCall(request: Request): boolean {
  return request.method === "POST" && new URL(request.url).pathname === "/" && namesTarget(request);
}

/** A call signed with some access key (header or presigned): it asks for the admin key. */
export function isSigned(request: Request): boolean {
  if (/^\s*AWS4-HMAC-SHA256\b/i.test(request.headers.get("authorization") ?? "")) return true;
  return /[?&]x-amz-credential=/i.test(new URL(request.url).search);
}

/**
 * The settings a Worker serving user pools (a `DB` binding) must have, of those given in `env`:
 * the master key seals every pool's signing keys, and the admin key pair signs every pool
 * and client management call. Empty when nothing is missing or no user pools are served.
 */
export function missingSettings(env: Record<string, unknown>, adminGiven: boolean): string[] {
  if (env.DB === undefined) return [];
  const missing: string[] = [];
  if (env.COGNATE_MASTER_KEY === undefined || env.COGNATE_MASTER_KEY === "")
    missing.push("COGNATE_MASTER_KEY");
  if (!adminGiven) missing.push("COGNATE_ADMIN_ACCESS_KEY_ID", "COGNATE_ADMIN_SECRET_ACCESS_KEY");
  return missing;
}

const HOW = "set it as a secret (wrangler secret put), or in development run `npm run dev:worker`";

/**
 * The answer to a Cognito API call the Worker cannot serve for want of `missing` settings, or
 * `undefined` when it can. Without the master key, every call: nothing signs a token or seals a
 * secret. Without the admin key pair, the signed calls only, as `UnrecognizedClientException`
 * (AWS's type for an unknown key) whose message says no key is configured; unsigned calls
 * (SignUp, InitiateAuth) are served. The message names settings, never a value.
 */
export function unconfiguredAnswer(request: Request, missing: readonly string[]): Response | undefined {
  if (missing.length === 0 || !isCognitoCall(request)) return undefined;
  if (missing.includes("COGNATE_MASTER_KEY"))
    return awsJsonError(
      "InternalErrorException",
      `cognate is not configured: COGNATE_MASTER_KEY is not set (32 random bytes in base64; ${HOW})`,
      UNCONFIGURED_STATUS,
    );
  if (missing.includes("COGNATE_ADMIN_ACCESS_KEY_ID") && isSigned(request))
    return awsJsonError(
      "UnrecognizedClientException",
      "The security token included in the request is invalid. cognate has no admin key: " +
        `COGNATE_ADMIN_ACCESS_KEY_ID and COGNATE_ADMIN_SECRET_ACCESS_KEY are not set (${HOW}).`,
    );
  return undefined;
}

/**
 * The answer to a Cognito API call when the configuration is wrong: the setting it names (never
 * the problem, which could quote a value; that is in the operator's log), not retried.
 */
export function misconfiguredAnswer(error: unknown): Response {
  const setting =
    error instanceof ConfigError
      ? error.source === "environment" || error.field === ""
        ? error.field || error.source
        : `${error.source} ${error.field}`
      : "the configuration";
  return awsJsonError(
    "InternalErrorException",
    `cognate is misconfigured: ${setting} (the problem is in the operator's log)`,
    UNCONFIGURED_STATUS,
  );
}
