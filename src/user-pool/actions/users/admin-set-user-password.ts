/**
 * AdminSetUserPassword: a permanent password (CONFIRMED) or a temporary one
 * (FORCE_CHANGE_PASSWORD, expiring after TemporaryPasswordValidityDays), checked against the
 * pool's policy; only the SRP salt and verifier are stored.
 */
import {
  boolean,
  defineOperation,
  InvalidParameterException,
  structure,
} from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { present, requireUser } from "../../users/lookup.js";
import { checkPassword, passwordChanges } from "../../users/passwords.js";
import { screenPassword } from "../../risk/compromised.js";
import { password, username } from "../../users/shapes.js";
import { checkPasswordHistory, rememberPassword } from "../../users/password-history.js";

const Input = structure({
  UserPoolId: userPoolId(),
  Username: username(),
  Password: password({ required: true }),
  Permanent: boolean(),
});

/**
 * The operation.
 */
export function adminSetUserPassword(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const user = await requireUser(ctx, pool, input.Username);
    // [?] A federated user signs in through its provider only; a password would make it a
    // native user behind the provider's back (link it to a native user instead).
    if (user.status === "EXTERNAL_PROVIDER")
      throw new InvalidParameterException(
        "Cannot set a password for a user of an external identity provider.",
      ); // [?] words
    checkPassword(pool, input.Password);
    await screenPassword(ctx, pool, { event: "PASSWORD_CHANGE", password: input.Password, user });
    await checkPasswordHistory(ctx, pool, user, input.Password);
    const changes = await passwordChanges(ctx, pool, user.username, input.Password, input.Permanent === true);
    present(await (await ctx.store()).users.update(pool.id, user.username, changes, { now: ctx.now() }));
    await rememberPassword(ctx, pool, user);
  });
}
