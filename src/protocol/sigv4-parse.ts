/**
 * Reads the SigV4 authentication parameters from a request: the `Authorization` header form or the
 * presigned query form. Only syntax is checked here; values are judged by the verifier.
 */
import { formatAmzDate, type QueryParam } from "./sigv4-canonical.js";
import { failure, MESSAGES, type SigV4Failure } from "./sigv4-errors.js";

export const ALGORITHM = "AWS4-HMAC-SHA256";

/** The authentication a request carries, before any of it is checked. */
export interface SigV4Auth {
  form: "header" | "query";
  /** `AKID/date/region/service/aws4_request`. */
  credential: string;
  /** The `SignedHeaders` list as sent. */
  signedHeaders: string;
  signature: string;
  /** The request time as sent: `X-Amz-Date` (header or query), or a `Date` header reformatted. */
  amzDate: string;
  /** Presigned lifetime in seconds, as sent (query form only). */
  expires?: string;
  sessionToken?: string;
}

const QUERY_PARAMETERS = [
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Signature",
  "X-Amz-SignedHeaders",
  "X-Amz-Date",
] as const;

/**
 * True when the query carries presigned-URL parameters.
 */
export function isPresigned(params: readonly QueryParam[]): boolean {
  return params.some(
    ([key]) => key === "X-Amz-Algorithm" || key === "X-Amz-Credential" || key === "X-Amz-Signature",
  );
}

/** The request time from headers: `x-amz-date`, else a `date` header in ISO 8601 basic format. */
function headerDate(headers: Headers): string | undefined {
  const amzDate = headers.get("x-amz-date");
  if (amzDate !== null) return amzDate.trim();
  const date = headers.get("date");
  if (date === null) return undefined;
  const ms = Date.parse(date);
  // An unparseable Date is passed on as sent, to be refused as not ISO 8601.
  return Number.isNaN(ms) ? date : formatAmzDate(ms);
}

/**
 * Parses `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
 * Parameters may be separated by commas, spaces or both, as AWS accepts.
 *
 * @example
 * ```ts
 * const auth = parseAuthorizationHeader(request.headers.get("authorization")!, request.headers);
 * if ("ok" in auth) return auth; // IncompleteSignatureException
 * ```
 */
export function parseAuthorizationHeader(authorization: string, headers: Headers): SigV4Auth | SigV4Failure {
  const text = authorization.trim();
  const space = text.search(/\s/);
  const algorithm = space < 0 ? text : text.slice(0, space);
  const fields = new Map<string, string>();
  if (algorithm === ALGORITHM) {
    for (const part of text.slice(algorithm.length).split(/[\s,]+/)) {
      if (part === "") continue;
      const eq = part.indexOf("=");
      if (eq < 0) return failure("IncompleteSignatureException", MESSAGES.missingEqualSign(part));
      const key = part.slice(0, eq);
      if (!fields.has(key)) fields.set(key, part.slice(eq + 1));
    }
  } else if (algorithm.startsWith("AWS4-")) {
    return failure("IncompleteSignatureException", MESSAGES.unsupportedAlgorithm(algorithm));
  }
  // Any other scheme (a bearer token, say) is reported as AWS does: every parameter missing.
  const amzDate = headerDate(headers);
  const missing: string[] = [];
  for (const name of ["Credential", "Signature", "SignedHeaders"]) {
    if (!fields.get(name)) missing.push(MESSAGES.headerRequires(name));
  }
  if (amzDate === undefined) missing.push(MESSAGES.headerRequiresDate);
  if (missing.length > 0) return failure("IncompleteSignatureException", missing.join(" "));
  const sessionToken = headers.get("x-amz-security-token") ?? undefined;
  return {
    form: "header",
    credential: fields.get("Credential")!,
    signedHeaders: fields.get("SignedHeaders")!,
    signature: fields.get("Signature")!,
    amzDate: amzDate!,
    ...(sessionToken !== undefined && { sessionToken }),
  };
}

/**
 * Parses the presigned form: `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, ... in the query.
 *
 * @example
 * ```ts
 * const auth = parsePresignedQuery(parseQuery(url.search), request.headers);
 * if ("ok" in auth) return auth; // IncompleteSignatureException
 * ```
 */
export function parsePresignedQuery(
  params: readonly QueryParam[],
  headers: Headers,
): SigV4Auth | SigV4Failure {
  const values = new Map<string, string>();
  for (const [key, value] of params) {
    if (!key.startsWith("X-Amz-")) continue;
    // A repeated authentication parameter would leave it open which one was meant.
    if (values.has(key)) {
      return failure(
        "IncompleteSignatureException",
        `${MESSAGES.queryRepeats(key)} ${MESSAGES.reexamineQuery}`,
      );
    }
    values.set(key, value ?? "");
  }
  const algorithm = values.get("X-Amz-Algorithm");
  if (algorithm !== undefined && algorithm !== ALGORITHM) {
    return failure("IncompleteSignatureException", MESSAGES.unsupportedAlgorithm(algorithm));
  }
  const missing = QUERY_PARAMETERS.filter((name) => !values.get(name)).map(MESSAGES.queryRequires);
  if (missing.length > 0)
    return failure("IncompleteSignatureException", `${missing.join(" ")} ${MESSAGES.reexamineQuery}`);
  const sessionToken = values.get("X-Amz-Security-Token") ?? headers.get("x-amz-security-token") ?? undefined;
  const expires = values.get("X-Amz-Expires");
  return {
    form: "query",
    credential: values.get("X-Amz-Credential")!,
    signedHeaders: values.get("X-Amz-SignedHeaders")!,
    signature: values.get("X-Amz-Signature")!,
    amzDate: values.get("X-Amz-Date")!,
    ...(expires !== undefined && { expires }),
    ...(sessionToken !== undefined && { sessionToken }),
  };
}
