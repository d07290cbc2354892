/**
 * A compact JWS checked against keys the caller already holds (a user pool's stored keys, the
 * identity service's own): split and decoded with the authorizer's strict parser, the key chosen
 * by `kid`, imported once and kept, the signature checked with the runtime's crypto port. No
 * claim is looked at here.
 */
import { signatureCrypto } from "#crypto";
import { decodeJws } from "../../authorizer/verify/jws.js";
import { keyFits, type JwsAlgorithm, type PublicJwk, type VerifyKey } from "../../runtime/crypto.js";

/** A token whose signature one of the keys made. */
export interface SignedToken {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The key that verified it. */
  jwk: PublicJwk;
}

/** Why a token was refused: not a compact JWS at all, or no key's signature. */
export type SignatureFailure = "malformed" | "signature";

/** The parts of a compact JWS, not verified: what the claims say before anything is trusted. */
export function unverifiedParts(
  token: string,
): { header: Record<string, unknown>; payload: Record<string, unknown> } | undefined {
  try {
    const { header, payload } = decodeJws(token, signatureCrypto);
    return { header, payload };
  } catch {
    return undefined;
  }
}

/**
 * Verifies the signature of `token` with the key of `keys` its `kid` names, for one of
 * `algorithms`.
 *
 * @example
 * ```ts
 * const checked = await verifySigned(token, pool.keys, ["RS256"]);
 * if ("failure" in checked) throw new NotAuthorizedException(MESSAGES.unverifiedSignature);
 * ```
 */
export async function verifySigned(
  token: string,
  keys: readonly PublicJwk[],
  algorithms: readonly JwsAlgorithm[],
): Promise<SignedToken | { failure: SignatureFailure }> {
  let decoded: ReturnType<typeof decodeJws>;
  try {
    decoded = decodeJws(token, signatureCrypto);
  } catch {
    return { failure: "malformed" };
  }
  const { header, payload, signingInput, signature } = decoded;
  const alg = header.alg;
  if (
    typeof alg !== "string" ||
    !(algorithms as readonly string[]).includes(alg) ||
    header.crit !== undefined
  )
    return { failure: "signature" };
  const jwk = keys.find(
    (k) =>
      k.kid === header.kid &&
      keyFits(k, alg as JwsAlgorithm) &&
      (k.alg === undefined || k.alg === alg) &&
      (k.use === undefined || k.use === "sig"),
  );
  if (jwk === undefined) return { failure: "signature" };
  let key: VerifyKey;
  try {
    key = await imported(jwk, alg as JwsAlgorithm);
  } catch {
    return { failure: "signature" };
  }
  const verified = signatureCrypto.verify(key, signature, signingInput);
  return (typeof verified === "boolean" ? verified : await verified)
    ? { header, payload, jwk }
    : { failure: "signature" };
}

/** Imported keys by their material and algorithm: a handful of pools' keys, bounded all the same. */
const MAX_KEYS = 256;
const keyCache = new Map<string, Promise<VerifyKey>>();

function imported(jwk: PublicJwk, alg: JwsAlgorithm): Promise<VerifyKey> {
  const id = JSON.stringify([alg, jwk.kty, jwk.n, jwk.e, jwk.crv, jwk.x, jwk.y]);
  let key = keyCache.get(id);
  if (key === undefined) {
    key = signatureCrypto.importKey(jwk, alg);
    key.catch(() => keyCache.delete(id));
    if (keyCache.size >= MAX_KEYS) keyCache.delete(keyCache.keys().next().value!);
    keyCache.set(id, key);
  }
  return key;
}
