/**
 * CSRF protection of the hosted UI's forms: every form carries `_csrf`, a token bound to the
 * browser's `XSRF-TOKEN` cookie (random 32 bytes, `HttpOnly`, named and scoped as cookies.ts
 * says) by HMAC-SHA-256 under a key of the master key, and compared in constant time. Another
 * site can make a browser POST a form, but it can neither read the cookie nor compute the
 * token from it; a POST without a matching token gets the page again with an error (403),
 * never its action.
 *
 * @example
 * ```ts
 * const csrf = await csrfToken(c, hosted);            // on GET: render csrf.token, send csrf.setCookie
 * if (!(await csrfValid(c, hosted, form.get("_csrf")))) return page(..., 403);
 * ```
 */
import type { Context } from "hono";
import { timingSafeEqual, utf8 } from "../util/encoding.js";
import { readCookie, setCookie } from "./cookies.js";
import type { Hosted } from "./hosted.js";
import { en } from "./pages/messages/en.js";
import { isRandomValue, keyedHash, randomValue } from "./keys.js";

/** The form field that carries the token. */
export const CSRF_FIELD = "_csrf";

/** The cookie's name before its prefix. */
export const CSRF_COOKIE = "XSRF-TOKEN";

/** The error a page shows when a POST's token is missing or wrong. */
export const CSRF_ERROR = en.pageExpired; // [?] Cognito's words unknown

/** A form's token, and the cookie to set when the browser had none. */
export interface CsrfToken {
  token: string;
  /** A `Set-Cookie` value, when the request carried no cookie to bind the token to. */
  setCookie?: string;
}

const bind = async (hosted: Hosted, cookie: string) =>
  keyedHash(await hosted.ctx.masterKey(), "csrf", `${hosted.pool.id}\n${cookie}`);

/**
 * The token for the forms of this response: bound to the request's `XSRF-TOKEN` cookie, or to a
 * new one (then `setCookie` is set; the response must send it).
 */
export async function csrfToken(c: Context, hosted: Hosted): Promise<CsrfToken> {
  const cookie = readCookie(c, hosted, CSRF_COOKIE);
  if (isRandomValue(cookie)) return { token: await bind(hosted, cookie) };
  const fresh = randomValue();
  return { token: await bind(hosted, fresh), setCookie: setCookie(hosted, CSRF_COOKIE, fresh) };
}

/** Whether `given` (the form's `_csrf`) is the token of the request's cookie, compared in constant time. */
export async function csrfValid(
  c: Context,
  hosted: Hosted,
  given: string | File | null | undefined,
): Promise<boolean> {
  const cookie = readCookie(c, hosted, CSRF_COOKIE);
  if (!isRandomValue(cookie) || typeof given !== "string" || given.length === 0 || given.length > 64)
    return false;
  return timingSafeEqual(utf8(await bind(hosted, cookie)), utf8(given));
}
