/**
 * ChangePassword (unsigned, AccessToken in the body): the previous password, checked against the
 * stored SRP verifier (failures count toward the lockout), then the proposed one under the
 * pool's policy; only a new salt and verifier are stored.
 */
import { defineOperation, ResourceNotFoundException, structure } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { bigintFromHex } from "../../srp/index.js";
import { passwordMatches } from "../../srp-name.js";
import { present } from "../../users/lookup.js";
import { checkPassword, passwordChanges } from "../../users/passwords.js";
import { accessToken, accessTokenUser } from "../../access-token.js";
import { failedPassword, passedAttempt, takeAttempt } from "../../sign-in/user.js";
import { screenPassword } from "../../risk/compromised.js";
import { password } from "../../users/shapes.js";
import { checkPasswordHistory, rememberPassword } from "../../users/password-history.js";
import { NAMED } from "../../messages.js";

const Input = structure({
  AccessToken: accessToken(),
  PreviousPassword: password({ required: true }),
  ProposedPassword: password({ required: true }),
});

/**
 * The operation.
 */
export function changePassword(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const { user } = await accessTokenUser(ctx, input.AccessToken);
    const store = await ctx.store();
    const pool = await store.pools.get(user.poolId);
    if (pool === null) throw new ResourceNotFoundException(NAMED.poolNotFound(user.poolId));
    const taken = await takeAttempt(ctx, user);
    const verifier = user.srpVerifier === null ? null : bigintFromHex(user.srpVerifier);
    const ok =
      verifier !== null &&
      user.srpSalt !== null &&
      (await passwordMatches(pool, user.username, { salt: user.srpSalt, verifier }, input.PreviousPassword));
    if (!ok) throw await failedPassword(ctx, pool, user);
    await passedAttempt(ctx, user, taken);
    checkPassword(pool, input.ProposedPassword);
    await screenPassword(ctx, pool, { event: "PASSWORD_CHANGE", password: input.ProposedPassword, user });
    await checkPasswordHistory(ctx, pool, user, input.ProposedPassword);
    const changes = await passwordChanges(ctx, pool, user.username, input.ProposedPassword, true);
    present(await store.users.update(pool.id, user.username, changes, { now: ctx.now() }));
    await rememberPassword(ctx, pool, user);
    await store.users.resetSignInFailures(pool.id, user.username);
  });
}
