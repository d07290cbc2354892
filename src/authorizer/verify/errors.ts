/**
 * Why a token was refused. One class, stable `code`s callers can switch on (as jose does); the
 * authorizer renders every `JwtError` as RFC 6750 `invalid_token` with `message` as the description,
 * and keeps it as the `cause` of the `HTTPException` it throws.
 *
 * @example
 * ```ts
 * app.onError((err, c) => {
 *   if (err instanceof HTTPException && err.cause instanceof JwtError && err.cause.code === "ERR_JWT_EXPIRED") {
 *     metrics.count("expired-token");
 *   }
 *   return err instanceof HTTPException ? err.getResponse() : c.text("error", 500);
 * });
 * ```
 */
export type JwtErrorCode =
  | "ERR_JWT_MALFORMED"
  | "ERR_JWT_TOO_LARGE"
  | "ERR_JWT_UNTRUSTED_ISSUER"
  | "ERR_JWS_ALG_NOT_ALLOWED"
  | "ERR_JWS_CRIT_UNSUPPORTED"
  | "ERR_JWT_TYP_INVALID"
  | "ERR_JWKS_NO_MATCHING_KEY"
  | "ERR_JWS_SIGNATURE_INVALID"
  | "ERR_JWT_EXPIRED"
  | "ERR_JWT_NOT_YET_VALID"
  | "ERR_JWT_ISSUED_IN_FUTURE"
  | "ERR_JWT_CLAIM_INVALID";

export class JwtError extends Error {
  override readonly name = "JwtError";
  constructor(
    readonly code: JwtErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The issuer's keys could not be obtained (network error, timeout, bad JWKS or discovery
 * document). Not the token's fault: the authorizer answers 503, never 401 and never 500.
 */
export class JwksUnavailableError extends Error {
  override readonly name = "JwksUnavailableError";
  readonly code = "ERR_JWKS_UNAVAILABLE";
  constructor(
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
