/**
 * AdminDisableProviderForUser (federation.md §1.6): the identity no longer signs in as its user.
 * A linked identity's next sign-in makes a user of its own; a federated user's own identity
 * leaves the user in place, holding the name `{ProviderName}_{subject}`, so the identity is
 * refused ("Already found an entry for username …") until that user is deleted, and then makes a
 * new user. For `Cognito`, the native user's password no longer signs in.
 */
import {
  defineOperation,
  InvalidParameterException,
  ResourceNotFoundException,
  string,
  structure,
  UserNotFoundException,
} from "../../../protocol/json/index.js";
import { SUBJECT } from "../../../storage/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { providerNotFound } from "../../federation/shapes.js";
import { MESSAGES } from "../../messages.js";
import { findUser } from "../../users/lookup.js";
import { COGNITO, need, providerUser } from "./shapes.js";

/**
 * The operation.
 */
export function adminDisableProviderForUser(ctx: UserPoolContext) {
  return defineOperation(
    structure({ UserPoolId: string({ required: true }), User: providerUser() }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      const store = await ctx.store();
      const providerName = need(input.User, "User", "ProviderName");
      const attributeName = need(input.User, "User", "ProviderAttributeName");
      const value = need(input.User, "User", "ProviderAttributeValue");
      if (providerName === COGNITO) {
        if (attributeName !== SUBJECT)
          throw new InvalidParameterException(
            `User.ProviderAttributeName must be ${SUBJECT} for ${COGNITO}.`,
          ); // [?] words
        const user = await findUser(ctx, pool, value);
        if (user === null) throw new UserNotFoundException(MESSAGES.userNotFound);
        // [?] The password goes (the user keeps its status and its linked identities, which still
        // sign in): Cognito's "can't use their password to sign in".
        await store.users.update(
          pool.id,
          user.username,
          { srpSalt: null, srpVerifier: null },
          { now: ctx.now() },
        );
        return {};
      }
      // The links of a provider deleted since stay until disabled or their user goes [?].
      const removed = await store.federatedIdentities.remove(
        pool.id,
        providerName,
        attributeName,
        value,
        ctx.now(),
      );
      if (removed !== null) return {};
      if ((await store.identityProviders.get(pool.id, providerName)) === null)
        throw new ResourceNotFoundException(providerNotFound(providerName));
      throw new UserNotFoundException(MESSAGES.userNotFound);
    },
  );
}
