/**
 * Small validators for options and configuration files. Each names the exact field that is wrong,
 * as a path (`issuers[1].userPoolId`), so a bad option or configuration file is fixed in one read.
 */

/**
 * An invalid option or configuration field, thrown when a factory is called.
 *
 * @example
 * ```ts
 * try {
 *   authorizer({ issuers: [{ type: "cognito", userPoolId: "pool", clientId: null, tokenUse: "id" }] });
 * } catch (e) {
 *   if (e instanceof OptionsError) console.error(e.path, e.problem); // "issuers[0].userPoolId", "must be a user pool id ..."
 * }
 * ```
 */
export class OptionsError extends TypeError {
  override readonly name = "OptionsError";
  constructor(
    /** Where the bad value is, e.g. `issuers[0].clientId`. */
    readonly path: string,
    /** What is wrong with it. */
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** Describes a received value for an error message, briefly. */
export function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** `null` for a name shaped as an AWS region (`us-east-1`), else what is wrong with it. */
export const regionProblem = (region: string): string | null =>
  REGION.test(region) ? null : "must be an AWS region like us-east-1";

/** A plain object with no keys outside `allowed` (so a misspelt option is an error, not a silent default). */
export function objectOf(value: unknown, path: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new OptionsError(path || "(options)", `must be an object, got ${shown(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new OptionsError(join(path, key), `unknown field (expected one of: ${allowed.join(", ")})`);
    }
  }
  return value as Record<string, unknown>;
}

export function optionalString(
  obj: Record<string, unknown>,
  key: string,
  path: string,
  test?: (s: string) => string | null,
): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "")
    throw new OptionsError(join(path, key), `must be a non-empty string, got ${shown(value)}`);
  const problem = test?.(value);
  if (problem) throw new OptionsError(join(path, key), `${problem}, got ${shown(value)}`);
  return value;
}

export function requiredString(
  obj: Record<string, unknown>,
  key: string,
  path: string,
  test?: (s: string) => string | null,
): string {
  if (obj[key] === undefined) throw new OptionsError(join(path, key), "is required");
  return optionalString(obj, key, path, test)!;
}

/** An optional non-empty array of non-empty strings; a lone string counts as a one-element array. */
export function optionalStrings(
  obj: Record<string, unknown>,
  key: string,
  path: string,
  test?: (s: string) => string | null,
): string[] | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) {
    throw new OptionsError(
      join(path, key),
      `must be a string or a non-empty array of strings, got ${shown(value)}`,
    );
  }
  list.forEach((item, i) => {
    if (typeof item !== "string" || item === "")
      throw new OptionsError(join(join(path, key), i), `must be a non-empty string, got ${shown(item)}`);
    const problem = test?.(item);
    if (problem) throw new OptionsError(join(join(path, key), i), `${problem}, got ${shown(item)}`);
  });
  return list as string[];
}

export function optionalNumber(
  obj: Record<string, unknown>,
  key: string,
  path: string,
  min: number,
  max: number,
): number | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new OptionsError(join(path, key), `must be a number from ${min} to ${max}, got ${shown(value)}`);
  }
  return value;
}

export function optionalFunction<F>(obj: Record<string, unknown>, key: string, path: string): F | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== "function")
    throw new OptionsError(join(path, key), `must be a function, got ${shown(value)}`);
  return value as F;
}
