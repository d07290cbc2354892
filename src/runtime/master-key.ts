/**
 * The master key (`COGNATE_MASTER_KEY`) that seals secrets at rest: 32 random bytes, written as
 * base64 or base64url (44 or 43 characters). Generate one with
 * `node -e "console.log(crypto.randomBytes(32).toString('base64'))"`.
 */
import { base64ToBytes, bytesToBase64 } from "../util/encoding.js";

/** A `COGNATE_MASTER_KEY` value that is not 32 bytes of base64. */
export class MasterKeyError extends Error {
  override readonly name = "MasterKeyError";
}

/**
 * Imports the master key for AES-256-GCM. Non-extractable: the raw key never leaves WebCrypto.
 *
 * @throws {MasterKeyError} unless the text is 32 bytes of base64 or base64url.
 */
export async function importMasterKey(text: string): Promise<CryptoKey> {
  const bytes = base64ToBytes(text.trim());
  if (bytes === null || bytes.length !== 32)
    throw new MasterKeyError("COGNATE_MASTER_KEY must be 32 random bytes in base64 (44 characters)");
  return crypto.subtle.importKey("raw", bytes, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
}

/** A fresh master key, as text for `COGNATE_MASTER_KEY` (what a development start stores). */
export function generateMasterKey(): string {
  return bytesToBase64(crypto.getRandomValues(new Uint8Array(32)));
}

const derived = new WeakMap<CryptoKey, Map<string, Promise<Uint8Array>>>();

/**
 * A 32-byte secret for one purpose, derived from the master key: the AES-GCM encryption of 32
 * zero bytes under the 12-byte `label` as IV, a fixed pseudo-random value of the key (sealing
 * draws random IVs, so no label meets one). The master key is non-extractable; this is how other
 * keys come from it. Kept per key and label.
 */
export function derivedSecret(masterKey: CryptoKey, label: string): Promise<Uint8Array> {
  const iv = new TextEncoder().encode(label);
  if (iv.length !== 12) throw new RangeError("the label must be 12 bytes");
  let byLabel = derived.get(masterKey);
  if (byLabel === undefined) derived.set(masterKey, (byLabel = new Map()));
  let secret = byLabel.get(label);
  if (secret === undefined) {
    secret = crypto.subtle
      .encrypt({ name: "AES-GCM", iv }, masterKey, new Uint8Array(32))
      .then((bytes) => new Uint8Array(bytes).slice(0, 32));
    byLabel.set(label, secret);
  }
  return secret;
}

const hmacBytes = new WeakMap<CryptoKey, Map<string, Promise<Uint8Array>>>();

/**
 * The 32 bytes of an HMAC-SHA-256 key for one purpose: the {@link derivedSecret} of `label` as
 * the input of HKDF-SHA-256 (zero salt, `info`), its first 256 bits. Kept per key and label. As
 * bytes, for a caller that hashes on the calling thread (`#crypto`); {@link derivedHmacKey} holds
 * the same key as a non-extractable WebCrypto one.
 */
export function derivedHmacKeyBytes(masterKey: CryptoKey, label: string, info: string): Promise<Uint8Array> {
  let byLabel = hmacBytes.get(masterKey);
  if (byLabel === undefined) hmacBytes.set(masterKey, (byLabel = new Map()));
  let bytes = byLabel.get(label);
  if (bytes === undefined) {
    bytes = derivedSecret(masterKey, label).then(async (secret) => {
      const input = await crypto.subtle.importKey("raw", secret as Uint8Array<ArrayBuffer>, "HKDF", false, [
        "deriveBits",
      ]);
      const hkdf = {
        name: "HKDF",
        hash: "SHA-256",
        salt: new Uint8Array(32),
        info: new TextEncoder().encode(info),
      };
      return new Uint8Array(await crypto.subtle.deriveBits(hkdf, input, 256));
    });
    byLabel.set(label, bytes);
  }
  return bytes;
}

const hmacKeys = new WeakMap<CryptoKey, Map<string, Promise<CryptoKey>>>();

/** {@link derivedHmacKeyBytes}' key as a non-extractable WebCrypto HMAC-SHA-256 signing key. */
export function derivedHmacKey(masterKey: CryptoKey, label: string, info: string): Promise<CryptoKey> {
  let byLabel = hmacKeys.get(masterKey);
  if (byLabel === undefined) hmacKeys.set(masterKey, (byLabel = new Map()));
  let key = byLabel.get(label);
  if (key === undefined) {
    key = derivedHmacKeyBytes(masterKey, label, info).then((bytes) =>
      crypto.subtle.importKey(
        "raw",
        bytes as Uint8Array<ArrayBuffer>,
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign"],
      ),
    );
    byLabel.set(label, key);
  }
  return key;
}
