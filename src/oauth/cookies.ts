/**
 * The hosted UI's cookies and their names. Every one is `HttpOnly; SameSite=Lax` and scoped to
 * where the pool's pages answer:
 *
 * - on a domain's host over https: `__Host-{name}`, `Secure; Path=/`;
 * - under the issuer over https: `__Host-{name}-{poolId}`, `Secure; Path=/` (the pool in the
 *   name, as `__Host-` needs `Path=/`, which every pool of the issuer shares);
 * - over http (development): `{name}`, `Path=/` or `Path=/{poolId}`.
 *
 * `__Host-` makes the browser refuse the cookie from any other host (a sibling's `Domain=`),
 * path or plain-http page, so nobody else can plant one. Over http nothing can: another server
 * on the same host name may set these cookies. A name the `Cookie` header carries twice (one
 * planted beside the real one) counts as no cookie at all.
 */
import type { Context } from "hono";
import type { Hosted } from "./hosted.js";

/** A cookie's name and path for the request's place (see the module's comment). */
export function cookiePlace(hosted: Hosted, name: string): { name: string; path: string } {
  if (!hosted.https) return { name, path: hosted.base === "" ? "/" : hosted.base };
  return { name: hosted.base === "" ? `__Host-${name}` : `__Host-${name}-${hosted.pool.id}`, path: "/" };
}

/**
 * The value of the cookie named `name` in a `Cookie` header, or `undefined` when it is absent or
 * there more than once (a browser sends a cookie of another path or domain beside the real one,
 * and nothing tells them apart).
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  let found: string | undefined;
  for (const pair of header.split(";")) {
    const at = pair.indexOf("=");
    if (at < 0 || pair.slice(0, at).trim() !== name) continue;
    if (found !== undefined) return undefined;
    found = pair.slice(at + 1).trim();
  }
  return found;
}

/** The cookie `name` (by its place's name) the request carries once, or `undefined`. */
export function readCookie(c: Context, hosted: Hosted, name: string): string | undefined {
  return cookieValue(c.req.header("Cookie"), cookiePlace(hosted, name).name);
}

/**
 * A `Set-Cookie` value for `name`; `maxAgeSeconds` makes it last that long, else it lasts the
 * browser session.
 *
 * @example
 * ```ts
 * setCookie(hosted, "cognito", value, 3600); // on a domain over https: "__Host-cognito=...; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax"
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
