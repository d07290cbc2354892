/**
 * The headers every hosted-UI and OAuth response carries: never framed (clickjacking), never
 * cached, never sniffed, and no Referer leaving a page whose URL holds a code or a state.
 */

const HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy":
    "default-src 'none'; img-src 'self' data:; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

/**
 * The response with each of these headers it left unset (a page may widen the policy's
 * `form-action` to a redirect's origin, say; the token endpoint adds CORS).
 *
 * @example
 * ```ts
 * return secured(c.html(page));
 * ```
 */
export function secured(response: Response): Response {
  let headers: Headers = response.headers;
  try {
    for (const [name, value] of Object.entries(HEADERS)) if (!headers.has(name)) headers.set(name, value);
    return response;
  } catch {
    // An immutable response (one fetched): copy it.
    const copy = new Response(response.body, response);
    headers = copy.headers;
    for (const [name, value] of Object.entries(HEADERS)) if (!headers.has(name)) headers.set(name, value);
    return copy;
  }
}
