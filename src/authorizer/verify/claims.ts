import { JwtError } from "./errors.js";

/**
 * The registered time claims (RFC 7519 §4.1.4-6): `exp` required, `nbf` and `iat` optional, each a
 * finite number when present (never a string that looks like one), with `leeway` seconds of skew.
 */
export function checkTimes(payload: Record<string, unknown>, nowSeconds: number, leeway: number): number {
  const exp = numericDate(payload, "exp", true)!;
  if (nowSeconds >= exp + leeway) throw new JwtError("ERR_JWT_EXPIRED", "token expired");
  const nbf = numericDate(payload, "nbf", false);
  if (nbf !== undefined && nowSeconds + leeway < nbf)
    throw new JwtError("ERR_JWT_NOT_YET_VALID", "token not yet valid (nbf)");
  const iat = numericDate(payload, "iat", false);
  if (iat !== undefined && nowSeconds + leeway < iat)
    throw new JwtError("ERR_JWT_ISSUED_IN_FUTURE", "token issued in the future (iat)");
  return exp;
}

function numericDate(payload: Record<string, unknown>, name: string, required: boolean): number | undefined {
  const value = payload[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new JwtError(
      "ERR_JWT_CLAIM_INVALID",
      `"${name}" claim ${value === undefined ? "missing" : "is not a NumericDate"}`,
    );
  }
  return value;
}

/** `sub` (RFC 8725 §3.8): every principal has one, as a non-empty string. */
export function checkSubject(payload: Record<string, unknown>): void {
  if (typeof payload.sub !== "string" || payload.sub === "") {
    throw new JwtError("ERR_JWT_CLAIM_INVALID", `"sub" claim missing or not a string`);
  }
}

/** Whether any of `allowed` appears in a claim that is a string or an array of strings. */
export function claimIncludesAny(claim: unknown, allowed: readonly string[]): boolean {
  if (typeof claim === "string") return allowed.includes(claim);
  return Array.isArray(claim) && claim.some((v) => typeof v === "string" && allowed.includes(v));
}
