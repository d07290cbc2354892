/**
 * The user a sign-in simulates for a name that does not exist, when the client hides users
 * (PreventUserExistenceErrors ENABLED): its USER_ID_FOR_SRP has the form a real user's would have
 * in this pool for the same input, and its salt and verifier are stable per (pool, that id).
 */
import type { PoolRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { derivedSecret } from "../../runtime/master-key.js";
import { simulatedVerifier, type SrpVerifier } from "../srp/index.js";
import { simulatedUserId } from "../codes/simulated-delivery.js";
import { nameKey } from "../srp-name.js";

/** A simulated user: what USER_ID_FOR_SRP says, and the salt and verifier behind it. */
export interface SimulatedUser extends SrpVerifier {
  userIdForSrp: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE = /^\+[0-9]+$/;

const listOf = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : []);

// Stable per pool and name, yet unguessable: the secret comes from the master key.
const simulationSecret = async (ctx: UserPoolContext) => derivedSecret(await ctx.masterKey(), "cognate-srp-");

/**
 * What a real user would be answered as, for a name nobody holds:
 * - a pool that signs in by email or phone (UsernameAttributes): internal usernames are UUIDs,
 *   so a UUID drawn from the name (one that also carries what a simulated delivery to the name
 *   shows, so that ForgotPassword by the UUID agrees with ForgotPassword by the name); a UUID
 *   typed as such is answered with itself, as a real user's internal username is;
 * - a pool with email or phone aliases, for a name shaped as such an alias: the owner's username
 *   would come back, which cognate cannot guess, so a UUID (the form apps that make up usernames
 *   mostly use);
 * - otherwise the name itself, as the pool keys it (lower-cased unless CaseSensitive): a real
 *   user's USER_ID_FOR_SRP is its key too (srp-name.ts).
 *
 * @example
 * ```ts
 * const fake = await simulatedUser(ctx, pool, "nobody@example.com"); // { userIdForSrp: "3f0c…", salt, verifier }
 * ```
 */
export async function simulatedUser(
  ctx: UserPoolContext,
  pool: PoolRecord,
  typed: string,
): Promise<SimulatedUser> {
  const userIdForSrp = await simulatedName(ctx, pool, typed);
  return { userIdForSrp, ...(await simulatedVerifier(await simulationSecret(ctx), pool.id, userIdForSrp)) };
}

/**
 * The name a real user would be shown as, for a name nobody holds: {@link simulatedUser}'s
 * USER_ID_FOR_SRP, without the verifier (the custom loop's ChallengeParameters.USERNAME).
 *
 * @example
 * ```ts
 * await simulatedName(ctx, emailPool, "nobody@example.com"); // "3f0c…" (a UUID)
 * await simulatedName(ctx, usernamePool, "BOB"); // "bob"
 * ```
 */
export async function simulatedName(ctx: UserPoolContext, pool: PoolRecord, typed: string): Promise<string> {
  const key = nameKey(pool, typed);
  const aliases = listOf(pool.config.AliasAttributes);
  const byAttribute = listOf(pool.config.UsernameAttributes).length > 0;
  const aliasShaped =
    (aliases.includes("email") && EMAIL.test(key)) || (aliases.includes("phone_number") && PHONE.test(key));
  return (byAttribute && !UUID.test(key)) || (!byAttribute && aliasShaped)
    ? simulatedUserId(ctx, pool, key)
    : key;
}
