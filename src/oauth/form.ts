/**
 * Reading the `application/x-www-form-urlencoded` body of an OAuth endpoint (RFC 6749 section
 * 3.2, RFC 7009 section 2.1) within bounds: a body too large, of another type, not UTF-8, with a
 * malformed escape or a parameter given twice is refused with the caller's own error, before any
 * parameter is looked at.
 */

/** No OAuth request of cognate's needs more (a refresh token is under 2 KB). */
export const MAX_FORM_BYTES = 16_384;

/** Why a form was refused: the `error_description` of an `invalid_request`. */
export type FormProblem = string;

const ESCAPES = /%(?![0-9A-Fa-f]{2})/;

/**
 * The form's parameters, or the reason it is refused.
 *
 * @example
 * ```ts
 * const form = await readForm(c.req.raw);
 * if (typeof form === "string") return tokenError("invalid_request", form);
 * form.get("token");
 * ```
 */
export async function readForm(request: Request): Promise<URLSearchParams | FormProblem> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded")
    return "Content-Type must be application/x-www-form-urlencoded";
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_FORM_BYTES) return "Request body too large";
  const bytes = await readBounded(request);
  if (bytes === undefined) return "Request body too large";
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return "Request body is not UTF-8";
  }
  if (ESCAPES.test(text)) return "Malformed percent-encoding";
  const form = new URLSearchParams(text);
  const seen = new Set<string>();
  for (const [name, value] of form) {
    if (seen.has(name)) return `Parameter ${name.slice(0, 64)} repeated`;
    seen.add(name);
    // A percent-escape that decodes to bytes that are not UTF-8 becomes U+FFFD.
    if (value.includes("\uFFFD") || name.includes("\uFFFD")) return "Parameter is not UTF-8";
  }
  return form;
}

/** The body, or `undefined` once it passes the bound (the rest is never read). */
async function readBounded(request: Request): Promise<Uint8Array | undefined> {
  if (request.body === null) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_FORM_BYTES) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
