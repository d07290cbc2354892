/**
 * The QR code of an authenticator's secret, for MFA set-up on the hosted UI: the `otpauth://`
 * URI authenticator apps read, drawn as SVG on the server by `uqr` (no script, no inline style:
 * an `<img>` of a `data:` URI, which the CSP's `img-src 'self' data:` allows).
 */
import { renderSVG } from "uqr";
import { bytesToBase64, utf8 } from "../util/encoding.js";

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

/** The QR code of `text` as an `<img src>`: SVG in a base64 `data:` URI. */
export function qrDataUri(text: string): string {
  return `data:image/svg+xml;base64,${bytesToBase64(utf8(renderSVG(text, { border: 2 })))}`;
}
