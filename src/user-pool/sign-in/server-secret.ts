/**
 * The server's secret side of an SRP step (b, and the verifier the step runs against), kept in
 * the auth session sealed. In clear, a session row would give the verifier away: it is in the
 * data, and even without it `v = (B - g^b) / k mod N`, which is as good as the users table for
 * guessing the password offline.
 */
import { bigintFromHex } from "../srp/index.js";
import { open, seal } from "../../runtime/sealed.js";
import type { UserPoolContext } from "../context.js";

/** What a PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER answer is checked with. */
export interface ServerSecret {
  b: bigint;
  verifier: bigint;
}

// Bound to the session's B, which the same session keeps in clear (and the client was shown).
const contextOf = (poolId: string, B: string) => `srp-session:${poolId}:${B}`;

/**
 * The sealed form of a step's secret, for the session's data.
 *
 * @example
 * ```ts
 * data: { B: B.toString(16), secret: await sealServerSecret(ctx, pool.id, B.toString(16), { b, verifier }) }
 * ```
 */
export async function sealServerSecret(
  ctx: UserPoolContext,
  poolId: string,
  B: string,
  secret: ServerSecret,
): Promise<string> {
  return seal(
    await ctx.masterKey(),
    contextOf(poolId, B),
    `${secret.b.toString(16)}.${secret.verifier.toString(16)}`,
  );
}

/**
 * Opens what {@link sealServerSecret} made for the same pool and B, from the session's data. A
 * session an older version started (b and verifier in clear, for its three minutes) still counts.
 *
 * @throws {import("../../runtime/sealed.js").SealError} when it does not open.
 */
export async function openServerSecret(
  ctx: UserPoolContext,
  poolId: string,
  data: { B?: string; secret?: string; b?: string; verifier?: string },
): Promise<ServerSecret> {
  if (data.secret === undefined && data.b !== undefined && data.verifier !== undefined)
    return { b: bigintFromHex(data.b)!, verifier: bigintFromHex(data.verifier)! };
  const [b, verifier] = (
    await open(await ctx.masterKey(), contextOf(poolId, data.B ?? ""), data.secret ?? "")
  ).split(".");
  return { b: bigintFromHex(b ?? "")!, verifier: bigintFromHex(verifier ?? "")! };
}
