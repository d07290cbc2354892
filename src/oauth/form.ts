/**
 * Reading an `application/x-www-form-urlencoded` body with a bound on its size, for the OAuth
 * endpoints that take one (the token endpoint; authorize, userInfo and revoke by POST).
 */
import type { Context } from "hono";
import { readBodyLimited } from "../util/body.js";

/** The largest form body read: far above any legitimate request (a refresh token is ~1.7 KB). */
export const MAX_FORM_BYTES = 64 * 1024;

/** Why a form was not read. */
export type FormProblem = "content-type" | "too-large" | "malformed";

/**
 * The request's form parameters, or why there are none: the content type is not
 * `application/x-www-form-urlencoded`, the body is over `maxBytes`, or it is not UTF-8.
 *
 * @example
 * ```ts
 * const form = await readForm(c);
 * if (typeof form === "string") return tokenError("invalid_request", "The body must be form-encoded");
 * ```
 */
export async function readForm(
  input: Context | Request,
  maxBytes = MAX_FORM_BYTES,
): Promise<URLSearchParams | FormProblem> {
  const request = input instanceof Request ? input : input.req.raw;
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return "content-type";
  // Read in one go when the length is declared (on Node straight from the socket): util/body.ts.
  const bytes = await readBodyLimited(request, maxBytes);
  if ("tooLarge" in bytes) return "too-large";
  try {
    return new URLSearchParams(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return "malformed";
  }
}

/** The first parameter given more than once among `names` (RFC 6749 section 3.1: none may be). */
export function repeated(form: URLSearchParams, names?: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const name of form.keys()) {
    if (names !== undefined && !names.includes(name)) continue;
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}
