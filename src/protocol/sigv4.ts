/**
 * AWS Signature Version 4 verification of an incoming Web `Request`, for requests signed by the AWS
 * SDKs (`@smithy/signature-v4`), in either the `Authorization` header or the presigned query form.
 * Web APIs only: it runs on Node and in workerd alike.
 */
import { readBodyLimited } from "../util/body.js";
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  EMPTY_SHA256,
  parseAmzDate,
  parseQuery,
  stringToSign,
  type QueryParam,
} from "./sigv4-canonical.js";
import { hmacHex, sha256Hex, signingKey, timingSafeEqual } from "./sigv4-crypto.js";
import { failure, MESSAGES, type SigV4Failure } from "./sigv4-errors.js";
import { isPresigned, parseAuthorizationHeader, parsePresignedQuery, type SigV4Auth } from "./sigv4-parse.js";
import { checkScope, checkTime, parseCredential, type Credential } from "./sigv4-checks.js";
import { checkBoundHeaders } from "./sigv4-bound.js";
import { throttleKey, type SignatureThrottle } from "./sigv4-throttle.js";

export { QUERY_PROTOCOL_ERROR_CODES, type SigV4ErrorCode, type SigV4Failure } from "./sigv4-errors.js";
export { SignatureThrottle, FAILURE_BURST, FAILURE_REFILL_MS } from "./sigv4-throttle.js";

/** An access key, its secret and, for temporary credentials, the session token it must come with. */
export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When temporary credentials stop working (epoch ms); then requests fail with `ExpiredTokenException`. */
  expiresAt?: number;
}

export interface SigV4VerifyOptions<C extends SigV4Credentials = SigV4Credentials> {
  /**
   * Finds the secret for an access key id (and the session token the request presented), or
   * undefined when unknown. What it returns comes back as `credentials` on success, so it can carry
   * the principal (role, identity, session policy) for authorization. Errors it throws propagate.
   */
  lookup(accessKeyId: string, sessionToken: string | undefined): C | undefined | Promise<C | undefined>;
  /** The region this endpoint serves; the credential scope must name it. */
  region: string;
  /** The signing names accepted in the credential scope, e.g. `"cognito-idp"`. */
  service: string | readonly string[];
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** How far the request time may be from now. Default 5 minutes. */
  maxSkewMs?: number;
  /** The largest body read (and hashed) to verify; larger ones fail with 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Accept `x-amz-content-sha256: UNSIGNED-PAYLOAD`, which leaves the body unauthenticated (anyone
   * who sees a signed request could replay it with another body while it is valid). Default false:
   * the SDKs sign JSON bodies, only S3 and streams use it.
   */
  allowUnsignedPayload?: boolean;
  /**
   * Failed verifications charged per access key id and client network; past the limit, requests
   * naming the key from that network answer `ThrottlingException` "Rate exceeded" unverified.
   * Default: none. Share one between the endpoints that take the same keys.
   */
  throttle?: SignatureThrottle;
  /** The client's address as the runtime reports it, for `throttle`. Default: unknown. */
  clientAddress?: string;
}

/** A verified request: who signed it, for which region and service, and the body that was read. */
export interface SigV4Success<C extends SigV4Credentials = SigV4Credentials> {
  ok: true;
  accessKeyId: string;
  sessionToken?: string;
  region: string;
  service: string;
  form: "header" | "query";
  /** What `lookup` returned, secret included: never log it. */
  credentials: C;
  /** The request body, read once while verifying: the `Request` body is consumed. */
  body: Uint8Array;
}

export type SigV4Result<C extends SigV4Credentials = SigV4Credentials> = SigV4Success<C> | SigV4Failure;

const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
// A Fetch Request with these methods has no body (its constructor refuses one), so there is nothing
// to read: the payload hash is the empty body's. Not touching `request.body` also spares, on Node,
// the full Request that @hono/node-server builds only when something asks for its body.
const BODILESS = new Set(["GET", "HEAD"]);

/**
 * Verifies the SigV4 signature of `request`, reading its body (up to `maxBodyBytes`) to do so.
 *
 * The canonical URI is built from the raw wire path (`new URL(request.url).pathname`, still
 * percent-encoded), so `/identitypools/us-east-1%3Aabc` verifies as the SDK signed it. Failures
 * carry the error code, message and status an AWS JSON service would send.
 *
 * Besides `host`, the signature must cover `x-amz-target` and `content-type` when they are sent
 * (in `SignedHeaders`, or, presigned, repeating the signed query's value): see sigv4-bound.ts.
 *
 * @example
 * ```ts
 * const result = await verifySigV4(c.req.raw, {
 *   region: "us-east-1",
 *   service: "cognito-idp",
 *   lookup: (id) => (id === admin.accessKeyId ? admin : undefined),
 * });
 * if (!result.ok) {
 *   return c.json({ __type: result.error, message: result.message }, result.status, { "x-amzn-ErrorType": result.error });
 * }
 * const input = JSON.parse(new TextDecoder().decode(result.body));
 * ```
 */
export async function verifySigV4<C extends SigV4Credentials>(
  request: Request,
  options: SigV4VerifyOptions<C>,
): Promise<SigV4Result<C>> {
  const url = new URL(request.url);
  const params = parseQuery(url.search);
  const authorization = request.headers.get("authorization");
  let auth: SigV4Auth | SigV4Failure;
  if (authorization !== null && authorization.trim() !== "")
    auth = parseAuthorizationHeader(authorization, request.headers);
  else if (isPresigned(params)) auth = parsePresignedQuery(params, request.headers);
  else return failure("MissingAuthenticationTokenException", MESSAGES.missingToken);
  if ("ok" in auth) return auth;

  const credential = parseCredential(auth.credential);
  if ("ok" in credential) return credential;
  const throttle = options.throttle;
  const lookup = () => options.lookup(credential.accessKeyId, auth.sessionToken);
  if (throttle === undefined)
    return verifyCredential(request, options, url, params, auth, credential, lookup);
  // From here on every failure is charged to the key (and client network) the request names; key
  // ids that do not exist share one bucket per network, so made-up ones cannot crowd real ones out.
  const found = await lookup();
  const known = found !== undefined;
  const key = throttleKey(known ? credential.accessKeyId : undefined, options.clientAddress);
  if (!throttle.take(key, known)) return failure("ThrottlingException", MESSAGES.rateExceeded);
  let result: SigV4Result<C>;
  try {
    result = await verifyCredential(request, options, url, params, auth, credential, async () => found);
  } catch (error) {
    throttle.settle(key, false); // the lookup failed: no verdict on the signature
    throw error;
  }
  throttle.settle(key, !result.ok);
  return result;
}

/** The checks once the credential is read: scope, signed headers, time, key, body, signature. */
async function verifyCredential<C extends SigV4Credentials>(
  request: Request,
  options: SigV4VerifyOptions<C>,
  url: URL,
  params: QueryParam[],
  auth: SigV4Auth,
  credential: Credential,
  lookup: () => Promise<C | undefined> | C | undefined,
): Promise<SigV4Result<C>> {
  const requestTime = parseAmzDate(auth.amzDate);
  if (requestTime === undefined)
    return failure("IncompleteSignatureException", MESSAGES.badDate(auth.amzDate));
  const scopeProblem = checkScope(credential, auth.amzDate, options.region, options.service);
  if (scopeProblem) return scopeProblem;

  const signedHeaders = auth.signedHeaders.split(";");
  if (!signedHeaders.includes("host") && !signedHeaders.includes(":authority")) {
    return failure("InvalidSignatureException", MESSAGES.hostNotSigned);
  }
  // The operation (X-Amz-Target) and the content type must be signed, or a signed request could
  // be replayed as any other operation: see sigv4-bound.ts.
  const unbound = checkBoundHeaders(signedHeaders, request.headers, params);
  if (unbound) return unbound;
  const now = (options.now ?? Date.now)();
  const timeProblem = checkTime(auth, requestTime, now, options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS);
  if (timeProblem) return timeProblem;

  const credentials = await lookup();
  // The token must be the one the key was issued with: both absent, or both present and equal.
  if (
    credentials === undefined ||
    credentials.accessKeyId !== credential.accessKeyId ||
    !timingSafeEqual(credentials.sessionToken ?? "", auth.sessionToken ?? "")
  ) {
    return failure("UnrecognizedClientException", MESSAGES.unknownKey);
  }
  if (credentials.expiresAt !== undefined && now >= credentials.expiresAt) {
    return failure("ExpiredTokenException", MESSAGES.expiredToken);
  }

  const headers: [string, string][] = [];
  for (const name of signedHeaders) {
    const value = signedHeaderValue(request.headers, url, name);
    if (value === null) return failure("InvalidSignatureException", MESSAGES.signedHeaderMissing(name));
    headers.push([name, value]);
  }

  const body = BODILESS.has(request.method)
    ? new Uint8Array(0)
    : await readBodyLimited(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  if ("tooLarge" in body) return failure("RequestEntityTooLargeException", MESSAGES.tooLarge(body.limit));
  const payloadHash = await checkedPayloadHash(
    auth,
    params,
    request.headers,
    body,
    options.allowUnsignedPayload === true,
  );
  if (typeof payloadHash !== "string") return payloadHash;

  const canonical = canonicalRequest({
    method: request.method,
    uri: canonicalUri(url.pathname),
    query: canonicalQuery(params),
    headers,
    payloadHash,
  });
  const toSign = stringToSign(auth.amzDate, credential.scope, await sha256Hex(canonical));
  const key = await signingKey(
    credentials.accessKeyId,
    credentials.secretAccessKey,
    credential.date,
    credential.region,
    credential.service,
  );
  const expected = await hmacHex(key, toSign);
  if (!timingSafeEqual(auth.signature, expected))
    return failure("InvalidSignatureException", MESSAGES.mismatch);

  return {
    ok: true,
    accessKeyId: credential.accessKeyId,
    ...(auth.sessionToken !== undefined && { sessionToken: auth.sessionToken }),
    region: credential.region,
    service: credential.service,
    form: auth.form,
    credentials,
    body,
  };
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A signed header's value as received; `host` (or HTTP/2's `:authority`) falls back to the URL's. */
function signedHeaderValue(headers: Headers, url: URL, name: string): string | null {
  if (name === "host" || name === ":authority") return headers.get("host") ?? url.host;
  // Headers.get throws on a name that is no header name; such a name cannot have been sent.
  return HEADER_NAME.test(name) ? headers.get(name) : null;
}

/**
 * The payload hash to sign with: the claimed `x-amz-content-sha256` (header, or query in the
 * presigned form) once it is checked against the body, else the body's own hash.
 */
async function checkedPayloadHash(
  auth: SigV4Auth,
  params: ReturnType<typeof parseQuery>,
  headers: Headers,
  body: Uint8Array,
  allowUnsigned: boolean,
): Promise<string | SigV4Failure> {
  // smithy hoists the header into the query under its own spelling, usually lower case.
  const fromQuery =
    auth.form === "query"
      ? params.find(([key]) => key.toLowerCase() === "x-amz-content-sha256")?.[1]
      : undefined;
  const claimed = fromQuery ?? headers.get("x-amz-content-sha256");
  const actual = body.byteLength === 0 ? EMPTY_SHA256 : await sha256Hex(body);
  if (claimed === null || claimed === undefined) return actual;
  if (claimed === UNSIGNED_PAYLOAD) {
    return allowUnsigned ? claimed : failure("InvalidSignatureException", MESSAGES.unsignedPayload);
  }
  return claimed === actual ? claimed : failure("InvalidSignatureException", MESSAGES.payloadMismatch);
}
