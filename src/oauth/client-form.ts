/**
 * The form of a client's POST to the token or the revocation endpoint (RFC 6749 section 3.2,
 * RFC 7009 section 2.1): a CORS preflight answered, POST only, a bounded form-encoded body, no
 * parameter given twice; anything else the OAuth error that says so.
 */
import type { Context } from "hono";
import { preflight } from "./cors.js";
import { tokenError } from "./errors.js";
import { readForm, repeated } from "./form.js";

/**
 * The request's form, or the answer that refuses it (or the preflight's).
 *
 * @example
 * ```ts
 * const form = await clientForm(c, "token");
 * if (form instanceof Response) return form;
 * ```
 */
export async function clientForm(
  c: Context,
  endpoint: "token" | "revocation",
): Promise<URLSearchParams | Response> {
  // A browser app's Basic-authenticated POST is preflighted.
  if (c.req.method === "OPTIONS") return preflight();
  if (c.req.method !== "POST")
    return tokenError("invalid_request", `The ${endpoint} endpoint takes POST only`, 405, { Allow: "POST" });
  const form = await readForm(c);
  if (form === "too-large") return tokenError("invalid_request", "The request body is too large", 413);
  if (typeof form === "string")
    return tokenError("invalid_request", "The body must be application/x-www-form-urlencoded");
  const twice = repeated(form);
  if (twice !== undefined) return tokenError("invalid_request", `${twice} was given more than once`);
  return form;
}
