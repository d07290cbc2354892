/**
 * A pool's MFA configuration: `MfaConfiguration` (OFF, ON, OPTIONAL; UpdateUserPool sets it too)
 * and the factors SetUserPoolMfaConfig enables, kept under `MfaFactors` so that UpdateUserPool,
 * which resets what it is not given, leaves them alone (as Cognito does).
 */
import type { MfaFactor, PoolRecord } from "../../storage/index.js";

/** The factor settings of SetUserPoolMfaConfig, as stored and as GetUserPoolMfaConfig answers. */
export interface MfaFactors {
  SmsMfaConfiguration?: { SmsAuthenticationMessage?: string; SmsConfiguration?: Record<string, unknown> };
  SoftwareTokenMfaConfiguration?: { Enabled?: boolean };
  EmailMfaConfiguration?: { Message?: string; Subject?: string };
}

/** The pool's `MfaConfiguration`. */
export const mfaMode = (pool: PoolRecord): "OFF" | "ON" | "OPTIONAL" =>
  (pool.config.MfaConfiguration as "ON" | "OPTIONAL" | undefined) ?? "OFF";

/** The pool's factor settings. */
export const mfaFactorsOf = (pool: PoolRecord): MfaFactors => (pool.config.MfaFactors ?? {}) as MfaFactors;

/**
 * Which factors the pool offers: TOTP when enabled, SMS with an SMS configuration, email with an
 * email MFA configuration.
 *
 * @example
 * ```ts
 * poolFactors(pool); // ["SOFTWARE_TOKEN_MFA"]
 * ```
 */
export function poolFactors(pool: PoolRecord): MfaFactor[] {
  const factors = mfaFactorsOf(pool);
  const offered: MfaFactor[] = [];
  if (factors.SmsMfaConfiguration !== undefined) offered.push("SMS_MFA");
  if (factors.SoftwareTokenMfaConfiguration?.Enabled === true) offered.push("SOFTWARE_TOKEN_MFA");
  if (factors.EmailMfaConfiguration !== undefined) offered.push("EMAIL_OTP");
  return offered;
}
