/**
 * ConfirmSignUp (unsigned): the code, used exactly once, makes an UNCONFIRMED user CONFIRMED
 * and marks the attribute it went to as verified.
 */
import {
  AliasExistsException,
  boolean,
  CodeMismatchException,
  defineOperation,
  ExpiredCodeException,
  LimitExceededException,
  NotAuthorizedException,
  string,
  structure,
  UserNotFoundException,
} from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import type { UserPoolContext } from "../../context.js";
import { CODE_LIMITS } from "../../rules/codes.js";
import { appClient, secretHashShape } from "../../app-client.js";
import { simulatedAttempt } from "../../codes/limits.js";
import { codeHash, verificationDestination } from "../../codes/delivery.js";
import { aliasesFor, claimed, syncAliases } from "../../users/aliases.js";
import { findUser } from "../../users/lookup.js";
import { clientMetadata, username } from "../../users/shapes.js";
import { postConfirmation } from "../../triggers/post-confirmation.js";
import { hidesUsers } from "../../prevent-user-existence.js";
import { MESSAGES, NAMED } from "../../messages.js";

const Input = structure({
  ClientId: clientId(),
  SecretHash: secretHashShape(),
  Username: username(),
  ConfirmationCode: string({ required: true, min: 1, max: 2048, pattern: "[\\S]+", sensitive: true }),
  ForceAliasCreation: boolean(),
  ClientMetadata: clientMetadata(),
});

/**
 * The operation.
 */
export function confirmSignUp(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const { pool, client } = await appClient(ctx, input.ClientId, input.SecretHash, [input.Username]);
    const user = await findUser(ctx, pool, input.Username);
    const hide = hidesUsers(client);
    // Hiding users, a name nobody holds, a user past confirmation and a user without a live code
    // all get a counted mismatch: none of them is told apart (safer than Cognito, which names the status).
    if (user === null && hide) return simulatedAttempt(ctx, pool.id, input.Username, "signup"); // [?]
    if (user === null) throw new UserNotFoundException(MESSAGES.usernameClientNotFound);
    if (user.status !== "UNCONFIRMED") {
      if (hide) return simulatedAttempt(ctx, pool.id, user.username, "signup");
      throw new NotAuthorizedException(NAMED.cannotConfirm(user.status));
    }
    const store = await ctx.store();
    const destination = verificationDestination(pool, user.attributes);
    // Checked before the code is used up: a code spent on a refused confirmation would be lost.
    if (destination !== undefined) {
      const verified = { ...user.attributes, [`${destination.attribute}_verified`]: "true" };
      const alias = aliasesFor(pool, verified)[destination.attribute];
      // ForceAliasCreation moves the alias from another user; another user's username, or their
      // alias of another kind, it never takes.
      const holder =
        alias === undefined || input.ForceAliasCreation === true
          ? null
          : await store.aliases.holder(pool.id, destination.attribute, alias);
      const clash =
        alias !== undefined && (await store.aliases.clashes(pool.id, user.sub, destination.attribute, alias));
      if ((holder !== null && holder !== user.sub) || clash)
        throw new AliasExistsException(NAMED.aliasExists(destination.attribute));
    }
    const hash = await codeHash(ctx, pool.id, user.username, "signup", input.ConfirmationCode);
    const check = await store.codes.verify(pool.id, user.username, "signup", hash, ctx.now(), CODE_LIMITS);
    if (check.outcome === "mismatch") throw new CodeMismatchException(MESSAGES.verificationCodeMismatch);
    if (check.outcome === "expired") {
      if (hide) return simulatedAttempt(ctx, pool.id, user.username, "signup");
      throw new ExpiredCodeException(MESSAGES.expiredCode);
    }
    if (check.outcome === "limit") throw new LimitExceededException(MESSAGES.attemptLimit);
    if (destination !== undefined) {
      const attributes = { ...user.attributes, [`${destination.attribute}_verified`]: "true" };
      if (input.ForceAliasCreation === true)
        await claimed(() => stealAliases(ctx, pool.id, user.sub, attributes, pool.config.AliasAttributes));
      else await syncAliases(ctx, pool, user.sub, user.attributes, attributes);
      await claimed(() => store.users.setAttributes(pool.id, user.username, attributes, { now: ctx.now() }));
    }
    const confirmed = await store.users.update(
      pool.id,
      user.username,
      { status: "CONFIRMED" },
      { now: ctx.now(), ifStatus: "UNCONFIRMED" },
    );
    if (confirmed === null)
      throw new NotAuthorizedException("User cannot be confirmed. Current status is CONFIRMED");
    await postConfirmation(
      ctx,
      pool,
      "PostConfirmation_ConfirmSignUp",
      confirmed,
      { clientId: client.id, headers: request.headers },
      input.ClientMetadata,
    );
  });
}

async function stealAliases(
  ctx: UserPoolContext,
  poolId: string,
  sub: string,
  attributes: Record<string, string>,
  aliasAttributes: unknown,
): Promise<void> {
  const store = await ctx.store();
  for (const name of Array.isArray(aliasAttributes) ? (aliasAttributes as string[]) : []) {
    if (
      (name === "email" || name === "phone_number") &&
      attributes[name] &&
      attributes[`${name}_verified`] === "true"
    ) {
      await store.aliases.claim(poolId, sub, name, attributes[name]!, { now: ctx.now(), steal: true });
    }
  }
}
