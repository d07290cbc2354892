/**
 * OIDC RP-Initiated Logout's `id_token_hint`: an ID token this pool issued, its signature checked
 * against the pool's ID-token keys. Its expiry is tolerated (the spec expects logout with an
 * expired token: section 2), its other claims must hold.
 */
import { compactVerify, decodeProtectedHeader, importJWK } from "jose";
import type { Hosted } from "./hosted.js";

/** What a valid hint tells: the client it was issued to and the user. */
export interface IdTokenHint {
  clientId: string;
  sub: string;
}

const MAX_TOKEN = 16 * 1024;

/** The hint's facts, or `undefined` when it is not an ID token of this pool (bad signature included). */
export async function verifyIdTokenHint(hosted: Hosted, token: string): Promise<IdTokenHint | undefined> {
  if (token.length > MAX_TOKEN || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return undefined;
  let kid: string | undefined, alg: string | undefined;
  try {
    ({ kid, alg } = decodeProtectedHeader(token));
  } catch {
    return undefined;
  }
  if (alg !== "RS256" || kid === undefined) return undefined;
  const keys = await (await hosted.ctx.store()).signingKeys.list(hosted.pool.id);
  const jwk = keys.find((k) => k.kid === kid && k.purpose === "id");
  if (jwk === undefined) return undefined;
  let payload: Record<string, unknown>;
  try {
    const key = await importJWK(jwk.publicJwk as Parameters<typeof importJWK>[0], "RS256");
    const verified = await compactVerify(token, key, { algorithms: ["RS256"] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const issuer = typeof payload.iss === "string" ? payload.iss : "";
  if (
    payload.token_use !== "id" ||
    !issuer.endsWith(`/${hosted.pool.id}`) ||
    typeof payload.aud !== "string" ||
    typeof payload.sub !== "string"
  )
    return undefined;
  return { clientId: payload.aud, sub: payload.sub };
}
