/**
 * The open custom challenge's answer (CreateAuthChallenge's privateChallengeParameters and
 * challengeMetadata, and the metadata of the challenges before it), kept in the auth session sealed. AWS's samples put the one-time code there
 * (`answer`, `CODE-<code>`): in clear, a copy of the database would show every pending challenge's
 * answer, where every other code cognate keeps is a keyed hash.
 */
import { NotAuthorizedException } from "../../protocol/json/index.js";
import type { CustomAuthState } from "../auth-session.js";
import type { UserPoolContext } from "../context.js";
import { open, SealError, seal } from "../../runtime/sealed.js";
import { MESSAGES } from "../messages.js";

/** What Verify and Define are given of the open challenge. */
export interface ChallengeSecret {
  privateChallengeParameters: Record<string, string>;
  challengeMetadata: string | null;
  /** The metadata of the challenges before it, by their place in the history (kept in the Session as `null`). */
  earlierMetadata?: (string | null)[];
}

// Bound to the pool and the Session (the hash of its id, the row's key): moved into another
// Session's row, it does not open.
const contextOf = (poolId: string, idHash: string) => `custom-challenge:${poolId}:${idHash}`;

/**
 * The sealed form of a challenge's answer, for the custom state of the Session `idHash` keys.
 *
 * @example
 * ```ts
 * data: async (idHash) => ({ custom: { ...custom, sealed: await sealChallengeSecret(ctx, pool.id, idHash, created) } })
 * ```
 */
export async function sealChallengeSecret(
  ctx: UserPoolContext,
  poolId: string,
  idHash: string,
  secret: ChallengeSecret,
): Promise<string> {
  return seal(await ctx.masterKey(), contextOf(poolId, idHash), JSON.stringify(secret));
}

/**
 * Opens what {@link sealChallengeSecret} made for the same pool and Session. A state an older
 * version wrote (the answer in clear, for its few minutes) is read as it is.
 *
 * @throws {NotAuthorizedException} "Invalid session for the user." when it does not open.
 */
export async function openChallengeSecret(
  ctx: UserPoolContext,
  poolId: string,
  idHash: string,
  custom: CustomAuthState,
): Promise<ChallengeSecret> {
  if (custom.sealed === undefined)
    return { privateChallengeParameters: custom.private ?? {}, challengeMetadata: custom.metadata ?? null };
  try {
    // cognate's own writing, taken as it was written.
    return JSON.parse(await open(await ctx.masterKey(), contextOf(poolId, idHash), custom.sealed));
  } catch (error) {
    if (error instanceof SealError)
      throw new NotAuthorizedException(MESSAGES.invalidSession, { cause: error });
    throw error;
  }
}
