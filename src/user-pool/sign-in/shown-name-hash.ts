/**
 * SECRET_HASH on the answers to a challenge that showed the user's name (CUSTOM_CHALLENGE's
 * USERNAME, PASSWORD_VERIFIER's USER_ID_FOR_SRP), one rule for a real user and for a name nobody
 * holds (a client hiding users): the hash may be over the name shown, the name typed at
 * InitiateAuth, or the answer's USERNAME when it names the same one (the pool's key of the name
 * shown or typed). AWS: "All challenges require USERNAME and, when the app client has a client
 * secret, SECRET_HASH", and for SRP "Amazon Cognito returns the username attribute in
 * USER_ID_FOR_SRP ... You must use the username and not an alias in the ChallengeResponses":
 * clients hash the USERNAME they send, the name shown (amazon-cognito-identity-js, Amplify) or,
 * for some, the name typed.
 *
 * Never the stored spelling as such, nor a USERNAME found by a lookup: a real user has those and an
 * unknown name has not, so which hashes were taken (or how long it took) would tell the two apart,
 * and the stored spelling with them. SECRET_HASH has no nonce: a hash over another user's name,
 * seen once, must answer no one else's Session.
 */
import type { PoolRecord } from "../../storage/index.js";
import { nameKey } from "../srp-name.js";
import { checkSecretHash } from "./client.js";
import type { SignIn } from "./state.js";

/**
 * The names an answer's SECRET_HASH may be over, for the name `shown` and the one `typed`.
 *
 * @example
 * ```ts
 * shownNames(pool, "alice", "ALICE", "Alice"); // ["alice", "ALICE", "Alice"]
 * shownNames(pool, "alice", "ALICE", "zed"); // ["alice", "ALICE"]
 * ```
 */
export function shownNames(
  pool: PoolRecord,
  shown: string,
  typed: string | undefined,
  named: string | undefined,
): string[] {
  const names = typed === undefined ? [shown] : [shown, typed];
  if (named !== undefined && names.some((name) => nameKey(pool, name) === nameKey(pool, named)))
    names.push(named);
  return names;
}

/**
 * Checks the answer's SECRET_HASH (when the client has a secret) against {@link shownNames}.
 *
 * @throws {NotAuthorizedException} "Unable to verify secret hash for client {id}" (or its missing form).
 */
export function checkShownNameSecretHash(s: SignIn, shown: string, typed: string | undefined): Promise<void> {
  return checkSecretHash(s.client, s.params.SECRET_HASH, shownNames(s.pool, shown, typed, s.params.USERNAME));
}
