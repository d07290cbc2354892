// Requests to an API Gateway-style API signed with temporary credentials by the real AWS signer,
// @smithy/signature-v4 (what the SDKs, Amplify's API category and aws-amplify's signer use), for
// signing name `execute-api`: in the Authorization header, or presigned in the query.
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { urlOf, type HttpRequest } from "./sigv4-wire.js";

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignOptions {
  region?: string;
  /** The signing name. Default `execute-api`. */
  service?: string;
  /** Presign (query form) instead of signing the headers. */
  presign?: boolean;
  /** A presigned URL's lifetime, in seconds. Default 300. */
  expiresIn?: number;
  /** The signing time. Default now. */
  signingDate?: Date;
}

export interface Signed {
  url: string;
  init: { method: string; headers: Record<string, string>; body?: string };
}

/** `issueSession`'s credentials (named as Cognito Identity names them) as the signer takes them. */
export function credentialsOf(session: { AccessKeyId: string; SecretKey: string; SessionToken: string }) {
  return {
    accessKeyId: session.AccessKeyId,
    secretAccessKey: session.SecretKey,
    sessionToken: session.SessionToken,
  };
}

function queryOf(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const prior = query[key];
    query[key] = prior === undefined ? value : [prior, value].flat();
  }
  return query;
}

/**
 * Signs `method url` (headers and body as given) with `credentials`, as a browser or SDK client
 * of an `AWS_IAM` API Gateway method would, and returns what fetch (or `app.request`) sends.
 */
export async function signRequest(
  credentials: TemporaryCredentials,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  options: SignOptions = {},
): Promise<Signed> {
  const target = new URL(url);
  const request: HttpRequest = {
    method: init.method ?? "GET",
    protocol: target.protocol,
    hostname: target.hostname,
    ...(target.port !== "" && { port: Number(target.port) }),
    path: target.pathname,
    query: queryOf(target.search),
    headers: { host: target.host, ...init.headers },
    ...(init.body !== undefined && { body: init.body }),
  };
  const signer = new SignatureV4({
    credentials,
    region: options.region ?? "us-east-1",
    service: options.service ?? "execute-api",
    sha256: Sha256,
  });
  const signingDate = options.signingDate ?? new Date();
  const signed = options.presign
    ? await signer.presign(request, { expiresIn: options.expiresIn ?? 300, signingDate })
    : await signer.sign(request, { signingDate });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers))
    if (name.toLowerCase() !== "host") headers[name.toLowerCase()] = value;
  return {
    url: urlOf(signed as HttpRequest),
    init: { method: request.method, headers, ...(init.body !== undefined && { body: init.body }) },
  };
}
