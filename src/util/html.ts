/**
 * Escapes text for HTML content and quoted attribute values: `& < > " '` become character
 * references, so that user-controlled text (usernames, template values) can never open a tag.
 *
 * @example
 * ```ts
 * escapeHtml(`<b title="x">`); // "&#60;b title=&#34;x&#34;&#62;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
