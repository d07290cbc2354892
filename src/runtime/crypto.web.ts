import {
  EC_CURVES,
  hashOf,
  requireKeyFits,
  requireRsaBits,
  signatureLength,
  type Digests,
  type Rs256Sign,
  type JwsAlgorithm,
  type PublicJwk,
  type SignatureCrypto,
  type VerifyKey,
} from "./crypto.js";
import { bytesToBase64Url, bytesToHex } from "../util/encoding.js";

export { modPow } from "./modpow.web.js";

interface WebKey extends VerifyKey {
  readonly key: CryptoKey;
  readonly params: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
  readonly signatureLength: number;
}

function importParams(alg: JwsAlgorithm): RsaHashedImportParams | EcKeyImportParams | Algorithm {
  const hash = hashOf(alg)!;
  switch (alg.slice(0, 2)) {
    case "RS":
      return { name: "RSASSA-PKCS1-v1_5", hash };
    case "PS":
      return { name: "RSA-PSS", hash };
    case "ES":
      return { name: "ECDSA", namedCurve: EC_CURVES[alg]! };
    default: // EdDSA
      return { name: "Ed25519" };
  }
}

function verifyParams(alg: JwsAlgorithm): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  if (alg.startsWith("PS")) return { name: "RSA-PSS", saltLength: Number(alg.slice(2)) / 8 };
  if (alg === "EdDSA") return { name: "Ed25519" };
  if (alg.startsWith("ES")) return { name: "ECDSA", hash: hashOf(alg)! };
  return { name: "RSASSA-PKCS1-v1_5" };
}

const encoder = new TextEncoder();

/** WebCrypto signatures: Cloudflare Workers, Deno, Bun, browsers. */
export const signatureCrypto: SignatureCrypto = {
  async importKey(jwk: PublicJwk, alg: JwsAlgorithm): Promise<VerifyKey> {
    requireKeyFits(jwk, alg);
    // Only the key material: a JWK's own `alg`/`use`/`key_ops` were checked by the caller.
    const material: JsonWebKey = {
      kty: jwk.kty,
      n: jwk.n,
      e: jwk.e,
      crv: jwk.crv,
      x: jwk.x,
      y: jwk.y,
      ext: true,
    };
    const key = await crypto.subtle.importKey("jwk", material, importParams(alg), false, ["verify"]);
    const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
    requireRsaBits(jwk, bits);
    const webKey: WebKey = {
      alg,
      key,
      params: verifyParams(alg),
      signatureLength: signatureLength(alg, bits),
    };
    return webKey;
  },

  async verify(key: VerifyKey, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
    const k = key as WebKey;
    if (signature.length !== k.signatureLength) return false;
    try {
      return await crypto.subtle.verify(k.params, k.key, signature as BufferSource, data as BufferSource);
    } catch {
      return false;
    }
  },

  async sha256(text: string): Promise<string> {
    const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
    return bytesToBase64Url(new Uint8Array(digest));
  },

  ascii(text: string): Uint8Array {
    return encoder.encode(text);
  },

  base64url(text: string): Uint8Array {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  },
};

/** WebCrypto digests. */
export const digests: Digests = {
  async sha256(data) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  },
  async hmacSha256(key, data) {
    const hmacKey = await crypto.subtle.importKey(
      "raw",
      key as Uint8Array<ArrayBuffer>,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    return new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey, data as Uint8Array<ArrayBuffer>));
  },
  async sha256Hex(data) {
    return bytesToHex(await digests.sha256(typeof data === "string" ? utf8.encode(data) : data));
  },
  async hmacSha256Hex(key, data) {
    return bytesToHex(await digests.hmacSha256(key, utf8.encode(data)));
  },
};

const utf8 = new TextEncoder();

/** RS256 with WebCrypto. */
export const rs256Sign: Rs256Sign = async (key, data) =>
  new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, data as Uint8Array<ArrayBuffer>));
