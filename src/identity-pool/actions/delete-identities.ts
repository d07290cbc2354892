/**
 * DeleteIdentities: 1-60 identities, with their logins. An id that names no identity is simply
 * gone already; `UnprocessedIdentityIds` lists only failures (AccessDenied, InternalServerError),
 * which cognate's single store does not have.
 */
import { defineOperation, list, structure } from "../../protocol/json/index.js";
import type { IdentityPoolContext } from "../context.js";
import { identityId } from "../shapes.js";

/**
 * The operation.
 */
export function deleteIdentities(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({ IdentityIdsToDelete: list(identityId(), { required: true, min: 1, max: 60 }) }),
    async ({ input }) => {
      await (await ctx.store()).identities.delete(input.IdentityIdsToDelete);
      return { UnprocessedIdentityIds: [] };
    },
  );
}
