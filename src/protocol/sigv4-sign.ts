/**
 * Signing an outgoing request with AWS Signature Version 4 (the header form), on the runtime's
 * digests: what cognate needs to call an AWS API (the Lambda Invoke API of the triggers). The
 * canonical request is the verifier's own (sigv4-canonical.ts), so signer and verifier agree.
 */
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  EMPTY_SHA256,
  formatAmzDate,
  parseQuery,
  stringToSign,
} from "./sigv4-canonical.js";
import { hmacHex, sha256Hex, signingKey } from "./sigv4-crypto.js";

/** The request to sign: its method, absolute URL, headers (any case) and body. */
export interface SigV4RequestParts {
  method: string;
  url: string;
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
}

/** The key pair to sign with, and the session token of temporary credentials. */
export interface SigV4SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The headers to send with the request: the given ones (lower-cased), `x-amz-date`,
 * `x-amz-security-token` for temporary credentials, and `authorization`. Every header given is
 * signed, with `host` (taken from the URL; the HTTP client sends the same).
 *
 * @example
 * ```ts
 * const headers = await signSigV4(
 *   { method: "POST", url: "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/f/invocations", headers: { "content-type": "application/json" }, body },
 *   { accessKeyId, secretAccessKey }, "us-east-1", "lambda", Date.now(),
 * );
 * await fetch(url, { method: "POST", headers, body });
 * ```
 */
export async function signSigV4(
  request: SigV4RequestParts,
  credentials: SigV4SigningCredentials,
  region: string,
  service: string,
  now: number,
): Promise<Record<string, string>> {
  const url = new URL(request.url);
  const amzDate = formatAmzDate(now);
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  delete headers.authorization;
  headers["x-amz-date"] = amzDate;
  if (credentials.sessionToken !== undefined) headers["x-amz-security-token"] = credentials.sessionToken;
  const signed: [string, string][] = [["host", url.host]];
  for (const [name, value] of Object.entries(headers)) if (name !== "host") signed.push([name, value]);
  signed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const body = request.body ?? "";
  const payloadHash =
    (typeof body === "string" ? body.length : body.byteLength) === 0 ? EMPTY_SHA256 : await sha256Hex(body);
  const canonical = canonicalRequest({
    method: request.method.toUpperCase(),
    uri: canonicalUri(url.pathname),
    query: canonicalQuery(parseQuery(url.search)),
    headers: signed,
    payloadHash,
  });
  const scope = `${date}/${region}/${service}/aws4_request`;
  const key = await signingKey(credentials.accessKeyId, credentials.secretAccessKey, date, region, service);
  const signature = await hmacHex(key, stringToSign(amzDate, scope, await sha256Hex(canonical)));
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signed.map(([name]) => name).join(";")}, Signature=${signature}`;
  return headers;
}
