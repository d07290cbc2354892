/**
 * The QR code of an authenticator's secret, for MFA set-up on the hosted UI: the `otpauth://`
 * URI authenticator apps read, drawn as SVG on the server by `uqr` and put in the page as markup
 * (no script, no style attribute: the CSP holds; a screen reader is given its label).
 */
import { renderSVG } from "uqr";

/**
 * The key URI (Google Authenticator's format): `otpauth://totp/{issuer}:{username}?secret=...`
 * with every part percent-encoded (a space in a pool's name breaks some apps otherwise), and the
 * parameters Cognito's codes use spelled out.
 *
 * @example
 * ```ts
 * otpauthUri("My App", "ana@example.com", "JBSWY3DP"); // "otpauth://totp/My%20App:ana%40example.com?secret=JBSWY3DP&issuer=My%20App&algorithm=SHA1&digits=6&period=30"
 * ```
 */
export function otpauthUri(issuer: string, username: string, secretCode: string): string {
  const enc = encodeURIComponent;
  return `otpauth://totp/${enc(issuer)}:${enc(username)}?secret=${enc(secretCode)}&issuer=${enc(issuer)}&algorithm=SHA1&digits=6&period=30`;
}

/**
 * The QR code of `text` as SVG markup: a `viewBox`, one white `rect`, one black `path` (no text of
 * the input appears in it, only its modules).
 */
export function qrSvg(text: string): string {
  return renderSVG(text, { border: 2 });
}
