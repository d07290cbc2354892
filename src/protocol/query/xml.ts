/**
 * The AWS Query protocol's answers (STS, IAM): XML in the service's namespace, the result inside
 * `<{Action}Response><{Action}Result>`, errors as `<ErrorResponse>`, each with a RequestId.
 */

/** A value the XML writer takes: text, numbers and dates as text, nested elements, lists of them. */
export type XmlValue = string | number | boolean | Date | XmlObject | readonly XmlValue[] | undefined;

/** Child elements by name, in order; `undefined` members are left out. */
export interface XmlObject {
  readonly [name: string]: XmlValue;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Text escaped for an element's content or an attribute's value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

// Dates as AWS writes them: ISO 8601 in UTC, with milliseconds (`2026-12-06T01:00:00.000Z`).
function text(value: string | number | boolean | Date): string {
  return escapeXml(value instanceof Date ? value.toISOString() : String(value));
}

/** Elements for an object's members; a list is written as `<member>` children, as the protocol lists are. */
export function xmlElements(object: XmlObject): string {
  let out = "";
  for (const [name, value] of Object.entries(object)) {
    if (value === undefined) continue;
    out += `<${name}>${xmlContent(value)}</${name}>`;
  }
  return out;
}

function xmlContent(value: Exclude<XmlValue, undefined>): string {
  if (Array.isArray(value))
    return value.map((v) => `<member>${v === undefined ? "" : xmlContent(v)}</member>`).join("");
  if (typeof value === "object" && !(value instanceof Date)) return xmlElements(value as XmlObject);
  return text(value as string | number | boolean | Date);
}

const XML_TYPE = { "content-type": "text/xml" } as const;

/**
 * An action's successful answer.
 *
 * @example
 * ```ts
 * queryResponse("AssumeRoleWithWebIdentity", STS_NAMESPACE, { Credentials: { AccessKeyId } }, requestId);
 * ```
 */
export function queryResponse(
  action: string,
  namespace: string,
  result: XmlObject,
  requestId: string,
): Response {
  const body =
    `<${action}Response xmlns="${escapeXml(namespace)}">` +
    `<${action}Result>${xmlElements(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>` +
    `</${action}Response>`;
  return new Response(body, { status: 200, headers: { ...XML_TYPE, "x-amzn-RequestId": requestId } });
}

/** An error of the Query protocol: who is at fault, the code, the words, the HTTP status. */
export interface QueryError {
  code: string;
  message: string;
  status: number;
  /** `Sender` (the caller's fault, 4xx) or `Receiver` (the service's, 5xx). */
  type?: "Sender" | "Receiver";
}

/**
 * An `<ErrorResponse>`, as the SDKs' awsQuery error parser reads it (`Error/Code`, `Error/Message`).
 */
export function queryErrorResponse(error: QueryError, namespace: string, requestId: string): Response {
  const type = error.type ?? (error.status >= 500 ? "Receiver" : "Sender");
  const body =
    `<ErrorResponse xmlns="${escapeXml(namespace)}">` +
    `<Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId>` +
    `</ErrorResponse>`;
  return new Response(body, {
    status: error.status,
    headers: { ...XML_TYPE, "x-amzn-RequestId": requestId },
  });
}
