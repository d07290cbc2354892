/**
 * The k-anonymity range protocol of Have I Been Pwned's Pwned Passwords API: the client sends
 * only the first 5 hex digits of the password's SHA-1 (`GET /range/ABCDE`), the server answers
 * every known suffix under that prefix, one `SUFFIX:COUNT` a line (35 hex digits, CRLF), and
 * the client looks for its own suffix. With `Add-Padding: true` the server also sends made-up
 * suffixes with count 0 so the answer's size does not tell which prefix was asked for.
 */

export const PREFIX_LENGTH = 5;
const SUFFIX_LENGTH = 35;
const LINE = /^([0-9A-Fa-f]{35}):([0-9]{1,15})$/;
const encoder = new TextEncoder();

/** The password's SHA-1 over its UTF-8 bytes, as 40 uppercase hex digits. */
export async function sha1Hex(password: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-1", encoder.encode(password)));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex.toUpperCase();
}

/** The part sent (`prefix`, 5 hex digits) and the part kept (`suffix`, 35). */
export function splitHash(hash: string): { prefix: string; suffix: string } {
  if (!/^[0-9A-F]{40}$/.test(hash)) throw new TypeError("expected 40 uppercase hex digits");
  return { prefix: hash.slice(0, PREFIX_LENGTH), suffix: hash.slice(PREFIX_LENGTH) };
}

/** Thrown for an answer that is not this protocol (an HTML page, a truncated line, ...). */
export class RangeProtocolError extends Error {
  override readonly name = "RangeProtocolError";
}

/**
 * How often `suffix` was seen according to a range answer: 0 when it is absent or present only
 * as padding. Suffixes are compared without regard to case. Any line that is not `SUFFIX:COUNT`
 * makes the whole answer untrustworthy, so it throws rather than reading it as "absent".
 */
export function countInRange(body: string, suffix: string): number {
  if (suffix.length !== SUFFIX_LENGTH) throw new TypeError("a range suffix is 35 hex digits");
  const wanted = suffix.toUpperCase();
  let count = 0;
  let lineNumber = 0;
  for (const raw of body.split("\n")) {
    lineNumber++;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line === "") continue;
    const match = LINE.exec(line);
    if (!match) throw new RangeProtocolError(`line ${lineNumber} of the range answer is not SUFFIX:COUNT`);
    if (match[1]!.toUpperCase() === wanted) count = Math.max(count, Number(match[2]));
  }
  return count;
}
