/**
 * The one spelling of a request path that authorization decides on, so that what a policy allows
 * is what the application or upstream serves.
 */

// Spellings that servers and frameworks resolve differently: an encoded slash or backslash (WSGI
// and others decode it into a separator), a backslash, an empty segment (nginx merges `//`), and
// `;` path parameters (Tomcat and Spring strip them).
const AMBIGUOUS = /%2f|%5c|\\|\/\/|;/i;

/**
 * The decoded path of a request URL (from its first `/` after the authority, without the query),
 * or `undefined` when the path is ambiguous: it holds `%2F`, `%5C`, `\`, `//`, `;`, a `.` or `..`
 * segment, or percent-encoding that is not UTF-8.
 *
 * @example
 * ```ts
 * canonicalPath("https://api.example.com/orders/caf%C3%A9?x=1"); // "/orders/café"
 * canonicalPath("https://api.example.com//admin/users");          // undefined
 * ```
 */
export function canonicalPath(url: string): string | undefined {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  if (start === -1) return "/";
  let end = url.indexOf("?", start);
  if (end === -1) end = url.indexOf("#", start);
  const raw = url.slice(start, end === -1 ? undefined : end);
  if (AMBIGUOUS.test(raw)) return undefined;
  let path: string;
  try {
    path = raw.includes("%") ? decodeURIComponent(raw) : raw;
  } catch {
    return undefined;
  }
  for (const segment of path.split("/")) if (segment === "." || segment === "..") return undefined;
  return path;
}
