/**
 * Setting a password: the pool's policy in Cognito's words, then only the SRP salt and verifier
 * are kept. Temporary passwords are generated to satisfy the policy.
 */
import { InvalidPasswordException } from "../../protocol/json/index.js";
import type { PoolRecord, UserChanges } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { passwordPolicyOf } from "../pool-view.js";
import { passwordProblem } from "../rules/password-policy.js";
import { padHex } from "../srp/index.js";
import { userVerifier } from "../srp-name.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Throws InvalidPasswordException when the password breaks the pool's policy.
 *
 * @example
 * ```ts
 * checkPassword(pool, "short"); // "Password did not conform with policy: Password not long enough"
 * ```
 */
export function checkPassword(pool: PoolRecord, password: string): void {
  const problem = passwordProblem(password, passwordPolicyOf(pool.config));
  if (problem !== undefined) throw new InvalidPasswordException(problem);
}

/**
 * The user changes that set a password: salt and verifier for the internal username, and for a
 * temporary password its expiry (TemporaryPasswordValidityDays).
 */
export async function passwordChanges(
  ctx: UserPoolContext,
  pool: PoolRecord,
  internalUsername: string,
  password: string,
  permanent: boolean,
): Promise<UserChanges> {
  const { salt, verifier } = await userVerifier(pool, internalUsername, password);
  const now = ctx.now();
  const days = passwordPolicyOf(pool.config).TemporaryPasswordValidityDays;
  return {
    srpSalt: salt,
    srpVerifier: padHex(verifier),
    passwordUpdatedAt: now,
    passwordExpiresAt: permanent ? null : now + days * DAY_MS,
    status: permanent ? "CONFIRMED" : "FORCE_CHANGE_PASSWORD",
  };
}

// Without look-alikes (I, l, O, 0, 1): people type these from a message.
const CLASSES = [
  "ABCDEFGHJKLMNPQRSTUVWXYZ",
  "abcdefghijkmnopqrstuvwxyz",
  "23456789",
  "^$*.[]{}()?!@#%&/,><:;|_~=+-",
];

// Uniform over 0..n-1 (rejection sampling: no modulo bias).
function randomIndex(n: number): number {
  const limit = 2 ** 32 - (2 ** 32 % n);
  for (;;) {
    const [value] = crypto.getRandomValues(new Uint32Array(1));
    if (value! < limit) return value! % n;
  }
}

const pick = (alphabet: string): string => alphabet[randomIndex(alphabet.length)]!;

/**
 * A temporary password that satisfies any policy of the pool: every character class, at least
 * the minimum length (and never fewer than 12 characters).
 *
 * @example
 * ```ts
 * temporaryPassword(pool); // "q7K!xv2@Pm9-"
 * ```
 */
export function temporaryPassword(pool: PoolRecord): string {
  const length = Math.max(12, passwordPolicyOf(pool.config).MinimumLength);
  const chars = CLASSES.map(pick);
  const all = CLASSES.join("");
  while (chars.length < length) chars.push(pick(all));
  // Shuffled, so the classes are not always in the first four places.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomIndex(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}
