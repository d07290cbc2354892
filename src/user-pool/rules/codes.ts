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
  return destination.length <= 4 ? destination : `${destination.startsWith("+") ? "+" : ""}${"*".repeat(Math.max(0, destination.length - 4 - (destination.startsWith("+") ? 1 : 0)))}${destination.slice(-4)}`;
}
