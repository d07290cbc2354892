/**
 * The randomness port: SRP's salts and server secrets come from here, so tests can inject a
 * seeded source and get reproducible exchanges.
 */

/** Returns `length` random bytes. Must be a CSPRNG outside tests. */
export type RandomBytes = (length: number) => Uint8Array;

/**
 * `crypto.getRandomValues`, available on Node 20, workerd and browsers.
 */
export const webRandomBytes: RandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));
