/**
 * The headers every hosted-UI and OAuth response carries: never framed (clickjacking), never
 * cached, never sniffed, and no Referer leaving a page whose URL holds a code or a state.
 */

/** The pages' policy with `form-action` allowing `formAction` (besides 'self'). */
const policy = (formAction: string) =>
  `default-src 'none'; img-src 'self' data:; style-src 'self'; form-action 'self'${formAction}; frame-ancestors 'none'; base-uri 'none'`;

/**
 * The Content-Security-Policy of a page whose form's POST is answered with a redirect to
 * `redirectUri` (the sign-in's 303 to the client): browsers hold that redirect to the page's
 * `form-action` too, so its origin (or, for an app's own scheme, the scheme) is allowed.
 *
 * @example
 * ```ts
 * pagePolicy("https://app.example/cb"); // "... form-action 'self' https://app.example; ..."
 * ```
 */
export function pagePolicy(redirectUri: string): string {
  let source: string;
  try {
    const url = new URL(redirectUri);
    source = url.protocol === "http:" || url.protocol === "https:" ? url.origin : url.protocol;
  } catch {
    return policy("");
  }
  // A source expression is one token: anything else in it is refused rather than escaped.
  return /^[A-Za-z][A-Za-z0-9+.-]*:(\/\/[A-Za-z0-9.\-[\]:]+)?$/.test(source)
    ? policy(` ${source}`)
    : policy("");
}

const HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": policy(""),
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
