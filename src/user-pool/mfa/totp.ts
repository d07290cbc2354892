/**
 * TOTP as Cognito's authenticators use it: RFC 6238, HMAC-SHA1, 6 digits, 30 s steps, one step of
 * tolerance either way, through otplib. The secret is 32 random bytes in unpadded base32 (52
 * characters, as Cognito's SecretCode), sealed under the master key at rest.
 */
import { generateSecret, verify } from "otplib";
import { open, seal } from "../../runtime/sealed.js";

const SECRET_BYTES = 32;
const STEP_SECONDS = 30;

const context = (poolId: string, sub: string) => `cognate:totp:${poolId}:${sub}`;

/**
 * A new secret: the SecretCode to show the user, and its sealed form to store.
 */
export async function newTotpSecret(
  masterKey: CryptoKey,
  poolId: string,
  sub: string,
): Promise<{ secretCode: string; sealed: string }> {
  const secretCode = generateSecret({ length: SECRET_BYTES });
  return { secretCode, sealed: await seal(masterKey, context(poolId, sub), secretCode) };
}

/**
 * The time step a 6-digit code is valid for (now, or one step either side), or `null`.
 */
export async function totpStep(
  masterKey: CryptoKey,
  poolId: string,
  sub: string,
  sealed: string,
  code: string,
  nowMs: number,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const secret = await open(masterKey, context(poolId, sub), sealed);
  const epoch = Math.floor(nowMs / 1000);
  const result = await verify({ secret, token: code, epoch, epochTolerance: STEP_SECONDS });
  return result.valid ? Math.floor(epoch / STEP_SECONDS) + result.delta : null;
}

/**
 * The SecretCode of a sealed secret (the hosted UI shows a pending one again, beside its QR
 * code, after a mistyped first code).
 */
export function openTotpSecret(
  masterKey: CryptoKey,
  poolId: string,
  sub: string,
  sealed: string,
): Promise<string> {
  return open(masterKey, context(poolId, sub), sealed);
}
