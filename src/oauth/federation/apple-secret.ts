/**
 * Sign in with Apple's client secret: not a stored secret but an ES256 JWT, signed with the
 * provider's configured `.p8` key (`private_key`), header `{alg: ES256, kid: key_id}`, claims
 * `iss` = `team_id`, `sub` = `client_id` (the Services ID), `aud` = `https://appleid.apple.com`,
 * `iat` and a short `exp` (Apple allows six months; one is minted per code exchange).
 */
import { base64ToBytes, bytesToBase64Url, utf8 } from "../../util/encoding.js";

/** Apple's audience for client secrets. */
export const APPLE_AUDIENCE = "https://appleid.apple.com";

/** How long a minted client secret lives. */
export const APPLE_SECRET_TTL_SECONDS = 300;

/** The provider's Apple details are unusable (a key that does not parse, a missing id). */
export class AppleKeyError extends Error {
  override readonly name = "AppleKeyError";
}

const json64 = (value: unknown) => bytesToBase64Url(utf8(JSON.stringify(value)));

/**
 * Mints the client secret for one token request.
 *
 * @throws {AppleKeyError} when `private_key` is not a PKCS#8 P-256 key in PEM, or an id is missing
 * @example
 * ```ts
 * const secret = await appleClientSecret({ team_id, key_id, client_id, private_key }, Date.now());
 * ```
 */
export async function appleClientSecret(details: Record<string, string>, now: number): Promise<string> {
  const { team_id: teamId, key_id: keyId, client_id: clientId, private_key: pem } = details;
  if (!teamId || !keyId || !clientId || !pem)
    throw new AppleKeyError("team_id, key_id, client_id and private_key are required");
  const der = base64ToBytes(pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, "").replace(/\s+/g, ""));
  if (der === null) throw new AppleKeyError("private_key is not a PEM PKCS#8 key");
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey("pkcs8", der, { name: "ECDSA", namedCurve: "P-256" }, false, [
      "sign",
    ]);
  } catch (cause) {
    throw new AppleKeyError("private_key is not a P-256 key", { cause });
  }
  const iat = Math.floor(now / 1000);
  const input = `${json64({ alg: "ES256", kid: keyId })}.${json64({
    iss: teamId,
    iat,
    exp: iat + APPLE_SECRET_TTL_SECONDS,
    aud: APPLE_AUDIENCE,
    sub: clientId,
  })}`;
  // WebCrypto's ECDSA signature is r || s, the JWS form (RFC 7518 §3.4).
  const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, utf8(input));
  return `${input}.${bytesToBase64Url(new Uint8Array(signature))}`;
}
