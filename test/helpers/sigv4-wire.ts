// Raw Cognito IdP calls signed by the real AWS signer, @smithy/signature-v4 (what every SDK for
// JavaScript v3 client signs with), in the header form or presigned, then sent as they are or
// altered on the way, as an attacker holding one signed request would send them.
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

export type HttpRequest = Parameters<SignatureV4["presign"]>[0];

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

export const TARGET_PREFIX = "AWSCognitoIdentityProviderService";

/** The signer an SDK client would use: region us-east-1, the given signing name. */
export function signerOf(keys: Keys, service = "cognito-idp"): SignatureV4 {
  return new SignatureV4({ credentials: keys, region: "us-east-1", service, sha256: Sha256 });
}

/** The request an SDK client builds for `operation` on `endpoint` (host, content type, target, JSON body). */
export function idpCall(endpoint: string, operation: string, input: unknown): HttpRequest {
  const url = new URL(endpoint);
  return {
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port !== "" && { port: Number(url.port) }),
    path: "/",
    query: {},
    headers: {
      host: url.host,
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `${TARGET_PREFIX}.${operation}`,
    },
    body: JSON.stringify(input),
  };
}

// The wire form of smithy's query object, as its querystring-builder writes it.
function queryEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The URL of a (signed or presigned) request, its query as smithy writes it. */
export function urlOf(r: HttpRequest): string {
  const parts: string[] = [];
  for (const key of Object.keys(r.query ?? {}).sort()) {
    const value = r.query![key];
    if (value === null || value === undefined) parts.push(queryEscape(key));
    else
      for (const v of Array.isArray(value) ? value : [value])
        parts.push(`${queryEscape(key)}=${queryEscape(v)}`);
  }
  const query = parts.join("&");
  return `${r.protocol}//${r.hostname}${r.port ? `:${r.port}` : ""}${r.path}${query ? `?${query}` : ""}`;
}

/**
 * Sends `r` over HTTP with fetch, its headers changed by `headers` (a null value removes one).
 * The host header is left to fetch, which sends the URL's own: what was signed.
 */
export function send(
  r: HttpRequest,
  headers: Record<string, string | null> = {},
  body = r.body as string | undefined,
): Promise<Response> {
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(r.headers))
    if (name.toLowerCase() !== "host") sent[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(headers)) {
    if (value === null) delete sent[name.toLowerCase()];
    else sent[name.toLowerCase()] = value;
  }
  return fetch(urlOf(r), { method: r.method, headers: sent, ...(body !== undefined && { body }) });
}

/** The SignedHeaders list of a signed or presigned request. */
export function signedHeadersOf(r: HttpRequest): string[] {
  const fromQuery = r.query?.["X-Amz-SignedHeaders"];
  if (typeof fromQuery === "string") return fromQuery.split(";");
  return /SignedHeaders=([^,\s]+)/.exec(r.headers.authorization ?? "")?.[1]?.split(";") ?? [];
}

/** An AWS JSON error as received: status, `__type` and message. */
export async function awsError(
  res: Response,
): Promise<{ status: number; type: string | undefined; message: string | undefined }> {
  const body = (await res.json()) as { __type?: string; message?: string };
  return { status: res.status, type: body.__type, message: body.message };
}
