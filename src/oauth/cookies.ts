/**
 * The hosted UI's cookies and their names. Every one is `HttpOnly; SameSite=Lax` and scoped to
 * where the pool's pages answer:
 *
 * - on a domain's host over https: `__Host-{name}`, `Secure; Path=/` (the browser then refuses
 *   it from any other host or path, and without TLS);
 * - under the issuer over https: `__Secure-{name}`, `Secure; Path=/{poolId}` (`__Host-` needs
 *   `Path=/`, which would share it with every pool of the issuer);
 * - over http (development): `{name}`, `Path=/` or `Path=/{poolId}`.
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { Hosted } from "./hosted.js";

/** A cookie's name and path for the request's place (see the module's comment). */
export function cookiePlace(hosted: Hosted, name: string): { name: string; path: string } {
  const path = hosted.base === "" ? "/" : hosted.base;
  if (!hosted.https) return { name, path };
  return hosted.base === "" ? { name: `__Host-${name}`, path: "/" } : { name: `__Secure-${name}`, path };
}

/** The cookie `name` (by its place's name) the request carries, or `undefined`. */
export function readCookie(c: Context, hosted: Hosted, name: string): string | undefined {
  return getCookie(c, cookiePlace(hosted, name).name);
}

/**
 * A `Set-Cookie` value for `name`; `maxAgeSeconds` makes it last that long, else it lasts the
 * browser session.
 *
 * @example
 * ```ts
 * setCookie(hosted, "cognito", value, 3600); // "__Host-cognito=...; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax"
 * ```
 */
export function setCookie(hosted: Hosted, name: string, value: string, maxAgeSeconds?: number): string {
  const place = cookiePlace(hosted, name);
  const age = maxAgeSeconds === undefined ? "" : `; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`;
  return `${place.name}=${value}; Path=${place.path}${age}; HttpOnly${hosted.https ? "; Secure" : ""}; SameSite=Lax`;
}

/** A `Set-Cookie` value that removes `name`. */
export function clearCookie(hosted: Hosted, name: string): string {
  const place = cookiePlace(hosted, name);
  return `${place.name}=; Path=${place.path}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly${hosted.https ? "; Secure" : ""}; SameSite=Lax`;
}
