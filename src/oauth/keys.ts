/**
 * The hosted UI's HMAC keys, each derived from the master key for one purpose, as the code key
 * is (src/user-pool/keys/code-key.ts): the master key's derived secret for a 12-byte label, as
 * the input of HKDF-SHA-256 with the purpose's `info`, giving a non-extractable HMAC-SHA-256 key.
 * A copy of the database, without the master key, cannot turn a stored hash back into a cookie,
 * nor forge a CSRF token.
 */
import { derivedHmacKey } from "../runtime/master-key.js";
import { bytesToBase64Url, utf8 } from "../util/encoding.js";

/** The purposes, each with its own label and HKDF info. */
const PURPOSES = {
  /** The `cognito` cookie's stored hash. */
  browserSession: { label: "cognate-bss1", info: "cognate browser session v1" },
  /** The device cookie's stored hash (a device the hosted UI remembered: device-cookie.ts). */
  browserDevice: { label: "cognate-bdv1", info: "cognate browser device v1" },
  /** The `_csrf` token bound to the `XSRF-TOKEN` cookie. */
  csrf: { label: "cognate-csr1", info: "cognate csrf token v1" },
} as const;

/** What an {@link oauthKey} is for. */
export type KeyPurpose = keyof typeof PURPOSES;

/** The HMAC key of `purpose` under this master key (made once per key). */
export function oauthKey(masterKey: CryptoKey, purpose: KeyPurpose): Promise<CryptoKey> {
  const { label, info } = PURPOSES[purpose];
  return derivedHmacKey(masterKey, label, info);
}

/**
 * HMAC-SHA-256 of `message` under the purpose's key, in base64url.
 *
 * @example
 * ```ts
 * await keyedHash(await ctx.masterKey(), "browserSession", cookieValue); // "Qm9v..."
 * ```
 */
export async function keyedHash(masterKey: CryptoKey, purpose: KeyPurpose, message: string): Promise<string> {
  const key = await oauthKey(masterKey, purpose);
  return bytesToBase64Url(new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(message))));
}

/** 32 random bytes in base64url (43 characters): a cookie value. */
export function randomValue(): string {
  return bytesToBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Whether `value` has the shape of {@link randomValue}'s (checked before any lookup). */
export const isRandomValue = (value: string | undefined): value is string =>
  value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value);
