/** ListUserPools: pools in id order, MaxResults (1-60) at a time. */
import {
  defineOperation,
  integer,
  InvalidParameterException,
  string,
  structure,
} from "../../protocol/json/index.js";
import { InvalidPaginationTokenError } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { userPoolDescription } from "../pool-view.js";

/** The NextToken shape of the model's list operations. */
export const paginationToken = () => string({ min: 1, max: 131072, pattern: "[\\S]+" });

/**
 * Runs a listing, turning a foreign or tampered NextToken into InvalidParameterException ([?] words).
 */
export async function listing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidPaginationTokenError)
      throw new InvalidParameterException("Invalid pagination token.", { cause: error });
    throw error;
  }
}

/**
 * The operation.
 */
export function listUserPools(ctx: UserPoolContext) {
  return defineOperation(
    structure({ MaxResults: integer({ required: true, min: 1, max: 60 }), NextToken: paginationToken() }),
    async ({ input }) => {
      const store = await ctx.store();
      const page = await listing(() =>
        store.pools.list({ limit: input.MaxResults, nextToken: input.NextToken }),
      );
      return { UserPools: page.items.map(userPoolDescription), NextToken: page.nextToken };
    },
  );
}
