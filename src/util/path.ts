/**
 * The one spelling of a request path that authorization decides on, so that what a policy allows
 * is what the application or upstream serves.
 */

// Spellings that servers and frameworks resolve differently: an encoded slash or backslash (WSGI
// and others decode it into a separator), a backslash, an empty segment (nginx merges `//`), and
// `;` path parameters (Tomcat and Spring strip them).
const AMBIGUOUS = /%2f|%5c|\\|\/\/|;/i;
// Control characters (NUL above all): C strings end at NUL, and servers and logs strip or cut at
// them, so an upstream may read another path than the gateway decided on. Raw or encoded.
const CONTROL = /[\x00-\x1f\x7f]|%[01][0-9a-f]|%7f/i;

/**
 * The decoded path of a request URL (from its first `/` after the authority, without the query),
 * or `undefined` when the path is ambiguous: it holds `%2F`, `%5C`, `\`, `//`, `;`, a `.` or `..`
 * segment, a control character (`%00`-`%1F`, `%7F`, raw or encoded), or percent-encoding that is
 * not UTF-8; or the URL holds a `#` anywhere (no request target does: a client sends `%23`, and
 * `new URL` would cut the path the upstream gets there).
 *
 * @example
 * ```ts
 * canonicalPath("https://api.example.com/orders/caf%C3%A9?x=1"); // "/orders/café"
 * canonicalPath("https://api.example.com//admin/users");          // undefined
 * ```
 */
export function canonicalPath(url: string): string | undefined {
  if (url.includes("#")) return undefined;
  const start = url.indexOf("/", url.indexOf("://") + 3);
  if (start === -1) return "/";
  const end = url.indexOf("?", start);
  const raw = url.slice(start, end === -1 ? undefined : end);
  if (AMBIGUOUS.test(raw) || CONTROL.test(raw)) return undefined;
  let path: string;
  try {
    path = raw.includes("%") ? decodeURIComponent(raw) : raw;
  } catch {
    return undefined;
  }
  for (const segment of path.split("/")) if (segment === "." || segment === "..") return undefined;
  return path;
}

/**
 * The one spelling of a path under which an upstream that ignores case reads it: lower case; or
 * `undefined` when upstreams disagree on which paths are the same. That is when a character
 * beyond ASCII changes case into ASCII (the Kelvin sign `K` lower-cases to `k`; `ſ` and `ı`
 * upper-case to `S` and `I`, `ß` to `SS`, `ﬀ` to `FF`): Express's case-insensitive routes leave
 * those alone, .NET's ordinal rules and Unicode folding do not, so the gateway cannot know which
 * route the upstream picks. Or when upper and lower case do not round-trip (`ς`). Such a path is
 * refused rather than guessed at.
 *
 * @example
 * ```ts
 * foldCase("/Orders/CAFÉ"); // "/orders/café"
 * foldCase("/ſecret");      // undefined
 * ```
 */
export function foldCase(path: string): string | undefined {
  const lower = path.toLowerCase();
  if (!NON_ASCII.test(path)) return lower;
  for (const ch of path)
    if (ch > "\x7f" && ASCII_LETTER.test(ch.toLowerCase() + ch.toUpperCase())) return undefined;
  return lower === path.toUpperCase().toLowerCase() ? lower : undefined;
}

const NON_ASCII = /[^\x00-\x7f]/;
const ASCII_LETTER = /[A-Za-z]/;
