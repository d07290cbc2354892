import { base64ToBytes, bytesToBase64Url } from "../util/encoding.js";

/**
 * Secrets at rest (pools' private signing keys, TOTP secrets, app-client secrets): AES-256-GCM under the master key,
 * bound to what they are for by the additional data, so a sealed value moved to another record
 * (another pool's key, another user's secret) fails to open.
 */

const VERSION = "v1";
const encoder = new TextEncoder();

/** A sealed value could not be opened: wrong master key, tampered, or moved to another record. */
export class SealError extends Error {
  override readonly name = "SealError";
}

/**
 * Encrypts `plaintext` for storage: `v1.<iv>.<ciphertext+tag>` (base64url), with `context`
 * (e.g. `pool-key:us-east-1_AbC:kid`) as authenticated additional data.
 *
 * @example
 * ```ts
 * const stored = await seal(masterKey, "pool-key:us-east-1_AbC:k1", JSON.stringify(privateJwk));
 * const jwk = JSON.parse(await open(masterKey, "pool-key:us-east-1_AbC:k1", stored));
 * ```
 */
export async function seal(key: CryptoKey, context: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
    key,
    encoder.encode(plaintext),
  );
  return `${VERSION}.${bytesToBase64Url(iv)}.${bytesToBase64Url(new Uint8Array(sealed))}`;
}

/** Whether a stored value is one {@link seal} made (by its form; opening it is the proof). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(`${VERSION}.`);
}

/** Decrypts what {@link seal} made for the same `context`; throws {@link SealError} otherwise. */
export async function open(key: CryptoKey, context: string, stored: string): Promise<string> {
  const [version, iv, data] = stored.split(".");
  const ivBytes = iv === undefined ? null : base64ToBytes(iv);
  const dataBytes = data === undefined ? null : base64ToBytes(data);
  if (version !== VERSION || ivBytes === null || dataBytes === null)
    throw new SealError("not a sealed value");
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: ivBytes, additionalData: encoder.encode(context) },
      key,
      dataBytes,
    );
    return new TextDecoder().decode(plain);
  } catch (cause) {
    throw new SealError("cannot open: wrong master key, tampered, or another record's value", { cause });
  }
}

/** How many opened values {@link openedOnce} keeps. */
export const MAX_OPENED = 1024;

/**
 * `open`, remembering what it opened: the same sealed value under the same context always opens
 * to the same plaintext (a changed secret is sealed anew, with a new IV), so it is opened once.
 * Every token request reads its client's secret and a user's verifier, and each opening is a
 * WebCrypto job (on Node one on the thread pool, ~0.1 ms of CPU). What fails to open is not
 * kept. At most `max` values, the oldest dropped first; they live in the process, as the opened
 * signing keys and the master key itself do, never in the database.
 *
 * @example
 * ```ts
 * const openCached = openedOnce((context, stored) => open(masterKey, context, stored));
 * await openCached("client-secret:us-east-1_AbC:client", stored); // opened
 * await openCached("client-secret:us-east-1_AbC:client", stored); // remembered
 * ```
 */
export function openedOnce(
  opener: (context: string, stored: string) => Promise<string>,
  max = MAX_OPENED,
): (context: string, stored: string) => Promise<string> {
  const opened = new Map<string, Promise<string>>();
  return (context, stored) => {
    const key = `${context}\n${stored}`;
    let plaintext = opened.get(key);
    if (plaintext === undefined) {
      plaintext = opener(context, stored);
      plaintext.catch(() => opened.delete(key));
      if (opened.size >= max) opened.delete(opened.keys().next().value!);
      opened.set(key, plaintext);
    }
    return plaintext;
  };
}
