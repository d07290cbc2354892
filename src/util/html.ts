/**
 * Escapes text for HTML content and attribute values, quoted or not: `& < > " ' \``, `=`, `/`
 * and white space become character references, so user-controlled text (usernames, User-Agents,
 * template values) can neither open a tag nor end an unquoted attribute and start another.
 * They still read as themselves.
 *
 * @example
 * ```ts
 * escapeHtml(`<b title="x">`); // "&#60;b&#32;title&#61;&#34;x&#34;&#62;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=/\s]/g, (c) => `&#${c.charCodeAt(0)};`);
}
