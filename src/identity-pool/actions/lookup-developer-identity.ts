/**
 * LookupDeveloperIdentity: an identity's developer user identifiers, or the identity of one
 * (given both, they must agree: ResourceConflictException).
 */
import {
  defineOperation,
  integer,
  InvalidParameterException,
  ResourceConflictException,
  ResourceNotFoundException,
  structure,
} from "../../protocol/json/index.js";
import { listing } from "../../user-pool/listing.js";
import { requireIdentityPool, type IdentityPoolContext } from "../context.js";
import { MESSAGES, NAMED } from "../messages.js";
import { developerUserIdentifier, identityId, identityPoolId, paginationKey } from "../shapes.js";

/**
 * The operation.
 */
export function lookupDeveloperIdentity(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({
      IdentityPoolId: identityPoolId(),
      IdentityId: identityId(false),
      DeveloperUserIdentifier: developerUserIdentifier(false),
      MaxResults: integer({ min: 1, max: 60 }),
      NextToken: paginationKey(),
    }),
    async ({ input }) => {
      if (input.IdentityId === undefined && input.DeveloperUserIdentifier === undefined)
        throw new InvalidParameterException(MESSAGES.lookupNeedsKey);
      const pool = await requireIdentityPool(ctx, input.IdentityPoolId);
      const store = await ctx.store();
      const provider = pool.developerProviderName;
      let id = input.IdentityId;
      if (input.DeveloperUserIdentifier !== undefined) {
        const holder =
          provider === null
            ? null
            : await store.identities.findByLogin(pool.id, provider, input.DeveloperUserIdentifier);
        if (holder === null) throw new ResourceNotFoundException(MESSAGES.developerUserNotFound);
        if (id !== undefined && id !== holder)
          throw new ResourceConflictException(MESSAGES.developerUserMismatch);
        id = holder;
      }
      const identity = await store.identities.get(id!);
      if (identity === null || identity.poolId !== pool.id)
        throw new ResourceNotFoundException(NAMED.identityNotFound(id!));
      const page =
        provider === null
          ? { items: [], nextToken: undefined }
          : await listing(() =>
              store.identities.developerLogins(
                pool.id,
                provider,
                { identityId: identity.id },
                input.MaxResults ?? 60,
                input.NextToken,
              ),
            );
      return {
        IdentityId: identity.id,
        DeveloperUserIdentifierList: page.items.map((l) => l.subject),
        NextToken: page.nextToken,
      };
    },
  );
}
