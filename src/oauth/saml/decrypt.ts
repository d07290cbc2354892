/**
 * An `EncryptedAssertion` (EncryptedResponses, federation.md §3.3): our own allow-list of
 * algorithms first, then xml-encryption. xml-encryption has one switch for aes-cbc, 3DES and
 * rsa-1_5 together, so the list is ours:
 *
 * - data: AES-128/256-GCM; AES-128/256-CBC only where the caller says the ciphertext is already
 *   authenticated (a verified Response signature covers it). [?] Cognito's list is unpublished.
 *   Unauthenticated CBC is what padding-oracle attacks on XML Encryption need (Jager and
 *   Somorovsky, 2011), and most IdPs can sign the Response.
 * - key transport: RSA-OAEP (`rsa-oaep-mgf1p`, or `xmlenc11#rsa-oaep`) with the OAEP digest equal
 *   to the MGF1 digest; never rsa-1_5. [?] A differing pair (e.g. SHA-256 with the default
 *   MGF1-SHA1) goes through xml-encryption's hand-written OAEP, which workerd cannot run
 *   (getFips() is true there and privateDecrypt refuses a KeyObject): refused on both runtimes
 *   so they agree.
 */
import { decrypt } from "xml-encryption";
import { child, children, descendants, fail, NS, only, SamlError, serialize } from "./xml.js";

const XENC11 = "http://www.w3.org/2009/xmlenc11#";
const GCM = new Set([`${XENC11}aes128-gcm`, `${XENC11}aes256-gcm`]);
const CBC = new Set([`${NS.xenc}aes128-cbc`, `${NS.xenc}aes256-cbc`]);
const MGF1P = `${NS.xenc}rsa-oaep-mgf1p`;
const OAEP11 = `${XENC11}rsa-oaep`;
const DIGESTS: Record<string, string> = {
  "http://www.w3.org/2000/09/xmldsig#sha1": "sha1",
  [`${NS.xenc}sha256`]: "sha256",
  [`${NS.xenc}sha512`]: "sha512",
};
const MGFS: Record<string, string> = {
  [`${XENC11}mgf1sha1`]: "sha1",
  [`${XENC11}mgf1sha256`]: "sha256",
  [`${XENC11}mgf1sha512`]: "sha512",
};

/** Refuses what the allow-list does not hold. */
export function checkAlgorithms(encrypted: Element, cbcAuthenticated: boolean): void {
  const data = only(encrypted, NS.xenc, "EncryptedData", "EncryptedData");
  const dataAlgorithm =
    only(data, NS.xenc, "EncryptionMethod", "EncryptionMethod").getAttribute("Algorithm") ?? "";
  if (CBC.has(dataAlgorithm)) {
    if (!cbcAuthenticated)
      fail("AES-CBC encrypted assertions are accepted only in a signed Response; use AES-GCM.");
  } else if (!GCM.has(dataAlgorithm)) fail("The assertion's encryption algorithm is not allowed.");

  const keys = descendants(encrypted, NS.xenc, "EncryptedKey");
  if (keys.length !== 1) fail(`Expected exactly one EncryptedKey, found ${keys.length}.`);
  const method = only(keys[0]!, NS.xenc, "EncryptionMethod", "key EncryptionMethod");
  const algorithm = method.getAttribute("Algorithm");
  if (algorithm !== MGF1P && algorithm !== OAEP11) fail("The key transport algorithm is not allowed.");
  const digestEl = children(method, NS.ds, "DigestMethod")[0];
  const digest = digestEl === undefined ? "sha1" : DIGESTS[digestEl.getAttribute("Algorithm") ?? ""];
  if (digest === undefined) fail("The key transport digest is not allowed.");
  const mgfEl = child(method, XENC11, "MGF");
  const mgf =
    algorithm === MGF1P || mgfEl === undefined ? "sha1" : MGFS[mgfEl.getAttribute("Algorithm") ?? ""];
  if (mgf !== digest) fail("The key transport's OAEP and MGF1 digests must be the same.");
}

/** The decrypted assertion XML, with `privateKeyPem` (the IdP's encryption key of the pool). */
export function decryptAssertion(
  encrypted: Element,
  privateKeyPem: string,
  cbcAuthenticated: boolean,
): Promise<string> {
  const xml = serialize(encrypted);
  return new Promise((resolve, reject) => {
    let settled = false;
    decrypt(
      xml,
      {
        key: privateKeyPem,
        // Our list was checked first; this only lets the CBC that list allowed through.
        disallowDecryptionWithInsecureAlgorithm: !cbcAuthenticated,
        warnInsecureAlgorithm: false,
      },
      (error, result) => {
        if (settled) return;
        settled = true;
        // The library's words can name padding and key sizes: one reason for every failure.
        if (error || typeof result !== "string")
          reject(new SamlError("Unable to decrypt the SAML assertion."));
        else resolve(result);
      },
    );
  });
}
