/**
 * Temporary credentials: an access key id, a secret key and the session token that carries both
 * the secret and the session's facts, sealed. Nothing is stored: the secret key exists only in the
 * answer to the caller and inside the token.
 */
import type { SessionClaims } from "./session.js";
import { sealSession } from "./session-token.js";

/** What the issuer decides about a session; the keys and times are made by {@link issueSession}. */
export type SessionFacts = Omit<SessionClaims, "v" | "accessKeyId" | "secretKey" | "issuedAt" | "expiresAt">;

/** Temporary credentials, named as Cognito Identity names them (STS calls the secret `SecretAccessKey`). */
export interface IssuedSession {
  AccessKeyId: string;
  SecretKey: string;
  SessionToken: string;
  Expiration: Date;
  /** What the token carries, for the caller's answer (`AssumedRoleUser`, `SubjectFromWebIdentityToken`, ...). */
  claims: SessionClaims;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** The longest session STS issues (IAM's largest MaxSessionDuration). */
const MAX_DURATION_SECONDS = 43200;

// 32 and 64 divide 256: a byte's low bits pick a character with no bias.
function randomText(alphabet: string, length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let text = "";
  for (const byte of bytes) text += alphabet[byte & (alphabet.length - 1)];
  return text;
}

/** A temporary access key id: `ASIA` and 16 random characters of base32 (`[A-Z2-7]`). */
export function newAccessKeyId(): string {
  return `ASIA${randomText(BASE32, 16)}`;
}

/** A secret access key: 40 random characters of `[A-Za-z0-9+/]` (240 bits). */
export function newSecretKey(): string {
  return randomText(SECRET_ALPHABET, 40);
}

/**
 * Issues temporary credentials for a session: fresh keys, the session token sealing them with
 * `facts` under the master key, and the expiry `durationSeconds` after `now` (whole seconds, as
 * AWS writes them). The caller has already checked the duration against its own bounds (one hour
 * for Cognito Identity; 900 to the role's MaxSessionDuration for STS).
 *
 * @throws {RangeError} for a duration that is not a whole number of seconds from 1 to 43200.
 * @throws {SessionTooLargeError} when the facts (a session policy, tags) make the token too long.
 *
 * @example
 * ```ts
 * const session = await issueSession(masterKey, {
 *   roleArn, roleSessionName: COGNITO_SESSION_NAME, provider: "cognito-identity.amazonaws.com",
 *   audience: identityPoolId, subject: identityId, amr, identityId, identityPoolId, principalTags: {},
 * }, Date.now(), 3600);
 * // { AccessKeyId: "ASIA...", SecretKey, SessionToken, Expiration, claims }
 * ```
 */
export async function issueSession(
  masterKey: CryptoKey,
  facts: SessionFacts,
  now: number,
  durationSeconds: number,
): Promise<IssuedSession> {
  if (!Number.isInteger(durationSeconds) || durationSeconds < 1 || durationSeconds > MAX_DURATION_SECONDS)
    throw new RangeError(`durationSeconds must be a whole number from 1 to ${MAX_DURATION_SECONDS}`);
  const issuedAt = Math.floor(now / 1000) * 1000;
  const claims: SessionClaims = {
    ...facts,
    v: 1,
    accessKeyId: newAccessKeyId(),
    secretKey: newSecretKey(),
    issuedAt,
    expiresAt: issuedAt + durationSeconds * 1000,
  };
  return {
    AccessKeyId: claims.accessKeyId,
    SecretKey: claims.secretKey,
    SessionToken: await sealSession(masterKey, claims),
    Expiration: new Date(claims.expiresAt),
    claims,
  };
}
