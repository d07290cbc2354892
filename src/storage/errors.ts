/**
 * Domain errors the repositories throw. The Cognito layer maps each onto its wire error
 * (UsernameExistsException, AliasExistsException, InvalidParameterException).
 */

/** Base of the storage layer's typed errors; `code` is stable for callers to switch on. */
export class StorageError extends Error {
  override readonly name: string = "StorageError";
  constructor(
    readonly code: "USERNAME_EXISTS" | "ALIAS_EXISTS" | "INVALID_PAGINATION_TOKEN",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The pool already has a user with this username, compared case-insensitively: the loser of
 * two concurrent sign-ups of "Alice" and "alice" gets this.
 *
 * @example
 * ```ts
 * try { await users.create(input); }
 * catch (e) { if (e instanceof UsernameExistsError) throw cognitoError("UsernameExistsException", "User already exists"); throw e; }
 * ```
 */
export class UsernameExistsError extends StorageError {
  override readonly name = "UsernameExistsError";
  constructor(
    readonly poolId: string,
    readonly username: string,
  ) {
    super("USERNAME_EXISTS", `User already exists: ${username}`);
  }
}

/**
 * Another user of the pool already holds this alias (a verified email, phone number or
 * preferred_username).
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof AliasExistsError) throw cognitoError("AliasExistsException", "An account with the given email already exists."); }
 * ```
 */
export class AliasExistsError extends StorageError {
  override readonly name = "AliasExistsError";
  constructor(
    readonly poolId: string,
    readonly alias: string,
    options?: { cause?: unknown },
  ) {
    super("ALIAS_EXISTS", `Alias already exists: ${alias}`, options);
  }
}

/**
 * A pagination token this storage did not issue (or issued for another listing).
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof InvalidPaginationTokenError) throw cognitoError("InvalidParameterException", "Invalid pagination token"); }
 * ```
 */
export class InvalidPaginationTokenError extends StorageError {
  override readonly name = "InvalidPaginationTokenError";
  constructor() {
    super("INVALID_PAGINATION_TOKEN", "Invalid pagination token");
  }
}
