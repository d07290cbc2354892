/**
 * Identifiers shaped as Cognito's, from a CSPRNG: clients (ACIJS among them) validate some shapes.
 */

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

// Uniform picks: bytes at or above the largest multiple of the alphabet's size are drawn again.
function randomString(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const b of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (b < limit && out.length < length) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

/** A user pool id, `{region}_{9 letters and digits}`, e.g. `us-east-1_AbCdEfGhI`. */
export function newUserPoolId(region: string): string {
  return `${region}_${randomString(ALNUM, 9)}`;
}

/** An app client id: 26 lowercase letters and digits. */
export function newClientId(): string {
  return randomString(LOWER_ALNUM, 26);
}

/** An app client secret: 51 lowercase letters and digits (Cognito's are 51 long). */
export function newClientSecret(): string {
  return randomString(LOWER_ALNUM, 51);
}

/** The region of a user pool id (`us-east-1_AbC` -> `us-east-1`), as clients derive it. */
export function regionOfPool(userPoolId: string): string {
  return userPoolId.slice(0, userPoolId.indexOf("_"));
}

/** Cognito's UserPoolId shape: `^[\w-]+_[0-9a-zA-Z]+$`, at most 55 characters. */
export const USER_POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
