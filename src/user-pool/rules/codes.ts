/** How long codes live: sign-up and attribute verification 24 h, password reset 1 h. */
export const CODE_TTL_MS = {
  signUp: 24 * 60 * 60 * 1000,
  verifyAttribute: 24 * 60 * 60 * 1000,
  forgotPassword: 60 * 60 * 1000,
} as const;

/**
 * A 6-digit code, uniform over 000000-999999 (rejection sampling: no modulo bias).
 *
 * @example
 * ```ts
 * generateCode(); // "042917"
 * ```
 */
export function generateCode(): string {
  const buffer = new Uint32Array(1);
  // 4294000000 is the largest multiple of 1,000,000 below 2^32.
  do crypto.getRandomValues(buffer);
  while (buffer[0]! >= 4_294_000_000);
  return String(buffer[0]! % 1_000_000).padStart(6, "0");
}

/**
 * Where a code went, as CodeDeliveryDetails.Destination shows it: `j****@e****` for an email,
 * `+*******1234` for a phone number.
 */
export function maskDestination(destination: string): string {
  const at = destination.indexOf("@");
  if (at > 0) return `${destination[0]}****@${destination[at + 1] ?? ""}****`;
  return destination.length <= 4
    ? destination
    : `${destination.startsWith("+") ? "+" : ""}${"*".repeat(Math.max(0, destination.length - 4 - (destination.startsWith("+") ? 1 : 0)))}${destination.slice(-4)}`;
}

/**
 * The limits on codes, per user (or, behind PreventUserExistenceErrors, per unknown name) and
 * purpose, over every code of that purpose, so that asking for a new code never buys new
 * guesses:
 * - 5 attempts at a code per hour (the hour starts at the first attempt); the 5th locks the
 *   purpose for 15 minutes, during which every attempt, the right code included, is
 *   LimitExceededException; after the lock, each further attempt within the hour locks it again.
 *   So at most 8 guesses an hour: a six-digit code holds out for about 7 years for an even chance.
 *   A right code forgets the attempts.
 * - 5 codes sent per hour (the hour starts at the first send); the 6th request is
 *   LimitExceededException. SignUp's first code and the administrator's AdminResetUserPassword
 *   are not counted.
 * Each code also dies after 5 attempts of its own, as before.
 */
export const CODE_LIMITS = {
  attempts: 5,
  attemptWindowMs: 60 * 60 * 1000,
  lockMs: 15 * 60 * 1000,
  sends: 5,
  sendWindowMs: 60 * 60 * 1000,
} as const;

/**
 * A send that is neither counted nor refused: SignUp's first code (a stranger may have used up
 * the name's sends behind PreventUserExistenceErrors before the user signed up) and the
 * administrator's AdminResetUserPassword. Not counting them also keeps a user's limit the same
 * as an unknown name's, so that the limit tells no one that a user signed up this hour.
 */
export const UNCOUNTED = null;
