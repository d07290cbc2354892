/** The input members the auth operations share, as the model declares them. */
import {
  document,
  InvalidParameterException,
  map,
  string,
  structure,
  validateInput,
  type StructureShape,
} from "../protocol/json/index.js";
import { NAMED } from "./messages.js";

/**
 * ClientMetadata (and, through `parameters`, AuthParameters / ChallengeResponses): a sensitive string map.
 */
export const stringMap = () =>
  map(string({ min: 1, max: 131072 }), string({ max: 131072 }), { sensitive: true });

/**
 * AuthParameters / ChallengeResponses: read by `parameters`, not by the shape checker, because
 * amazon-cognito-identity-js sends `DEVICE_KEY: null` (refreshSession, the device retry) and
 * Cognito takes it as absent.
 */
export const parameterMap = () => document();

/**
 * The string map of a `parameterMap` member, null values dropped, then checked as the model's
 * string map (same messages as the shape checker's).
 *
 * @throws {SerializationException} / {InvalidParameterException} as for any other member.
 * @example
 * ```ts
 * const params = parameters(input.AuthParameters, "AuthParameters"); // { REFRESH_TOKEN: "..." } from { REFRESH_TOKEN: "...", DEVICE_KEY: null }
 * ```
 */
export function parameters(
  value: unknown,
  member: "AuthParameters" | "ChallengeResponses",
): Record<string, string> {
  const present =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null))
      : value;
  const checked = validateInput(structure({ [member]: stringMap() }) as StructureShape, {
    [member]: present,
  })[member];
  return (checked ?? {}) as Record<string, string>;
}

/** The flows InitiateAuth and AdminInitiateAuth name. */
export const AUTH_FLOWS = [
  "USER_SRP_AUTH",
  "REFRESH_TOKEN_AUTH",
  "REFRESH_TOKEN",
  "CUSTOM_AUTH",
  "ADMIN_NO_SRP_AUTH",
  "USER_PASSWORD_AUTH",
  "ADMIN_USER_PASSWORD_AUTH",
  "USER_AUTH",
] as const;

/** The challenges the respond operations name. */
export const CHALLENGE_NAMES = [
  "SMS_MFA",
  "EMAIL_OTP",
  "SOFTWARE_TOKEN_MFA",
  "SELECT_MFA_TYPE",
  "MFA_SETUP",
  "PASSWORD_VERIFIER",
  "CUSTOM_CHALLENGE",
  "SELECT_CHALLENGE",
  "DEVICE_SRP_AUTH",
  "DEVICE_PASSWORD_VERIFIER",
  "ADMIN_NO_SRP_AUTH",
  "NEW_PASSWORD_REQUIRED",
  "SMS_OTP",
  "PASSWORD",
  "WEB_AUTHN",
  "PASSWORD_SRP",
] as const;

/** A Session member, e.g. `structure({ Session: session() })`. */
export const session = () => string({ min: 20, max: 2048 });

/**
 * A required parameter of a map, or InvalidParameterException ("Missing required parameter USERNAME").
 */
export function param(params: Record<string, string> | undefined, name: string): string {
  const value = params?.[name];
  if (value === undefined || value === "") throw new InvalidParameterException(NAMED.missingParameter(name));
  return value;
}
