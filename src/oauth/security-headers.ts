/**
 * The headers every hosted-UI and OAuth response carries: never framed (clickjacking), never
 * cached, never sniffed, and no Referer leaving a page whose URL holds a code or a state.
 */

const policy = (formAction: string) =>
  `default-src 'none'; img-src 'self' data:; style-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`;

const HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": policy("'self'"),
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

/**
 * The policy of a page whose form's POST may answer with a redirect to the client: browsers hold
 * every hop of a form submission's redirects to `form-action` (Chromium does), so it names the
 * redirect URI's origin (a custom scheme by its scheme) beside `'self'`, and those of `also` (the
 * identity providers the sign-in page's e-mail box may lead to). `redirectUri` is one of the
 * client's registered CallbackURLs, already matched exactly.
 *
 * @example
 * ```ts
 * response.headers.set("Content-Security-Policy", policyRedirectingTo("https://app.example.com/cb"));
 * // ...; form-action 'self' https://app.example.com; ...
 * ```
 */
export function policyRedirectingTo(redirectUri: string, also: readonly string[] = []): string {
  const sources = [redirectUri, ...also].map(sourceOf).filter((s) => s !== undefined);
  return policy(["'self'", ...new Set(sources)].join(" "));
}

// A URL's origin (a custom scheme by its scheme); `undefined` for anything that could not stand in
// a policy: an origin or a scheme has neither spaces nor semicolons.
function sourceOf(value: string): string | undefined {
  let source: string;
  try {
    const url = new URL(value);
    source = url.protocol === "http:" || url.protocol === "https:" ? url.origin : url.protocol;
  } catch {
    return undefined;
  }
  return /^[A-Za-z][A-Za-z0-9+.-]*:(\/\/[A-Za-z0-9.\-:[\]]+)?$/.test(source) ? source : undefined;
}
