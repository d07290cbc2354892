/** A pool's `Policies.PasswordPolicy`, as CreateUserPool takes it. */
export interface PasswordPolicy {
  MinimumLength?: number;
  RequireUppercase?: boolean;
  RequireLowercase?: boolean;
  RequireNumbers?: boolean;
  RequireSymbols?: boolean;
  TemporaryPasswordValidityDays?: number;
}

/** What a pool created without `Policies` gets: the console's default, 8 characters and every class. */
export const DEFAULT_PASSWORD_POLICY: Required<PasswordPolicy> = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

// Cognito's symbol set: ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + - and space.
const SYMBOLS = new Set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ");

const CHECKS: [keyof PasswordPolicy, (p: string) => boolean, string][] = [
  ["RequireUppercase", (p) => /[A-Z]/.test(p), "Password must have uppercase characters"],
  ["RequireLowercase", (p) => /[a-z]/.test(p), "Password must have lowercase characters"],
  ["RequireNumbers", (p) => /[0-9]/.test(p), "Password must have numeric characters"],
  ["RequireSymbols", (p) => [...p].some((ch) => SYMBOLS.has(ch)), "Password must have symbol characters"],
];

/**
 * Checks a password against a pool's policy; returns the `InvalidPasswordException` message of
 * the first rule it breaks, in Cognito's order and words, or `undefined` when it conforms.
 * Length is counted in characters (code points), as Cognito does.
 *
 * @example
 * ```ts
 * passwordProblem("short", DEFAULT_PASSWORD_POLICY);
 * // "Password did not conform with policy: Password not long enough"
 * ```
 */
export function passwordProblem(
  password: string,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): string | undefined {
  const rules = { ...DEFAULT_PASSWORD_POLICY, ...policy };
  if ([...password].length < rules.MinimumLength)
    return "Password did not conform with policy: Password not long enough";
  for (const [rule, holds, message] of CHECKS) {
    if (rules[rule] === true && !holds(password)) return `Password did not conform with policy: ${message}`;
  }
  return undefined;
}
