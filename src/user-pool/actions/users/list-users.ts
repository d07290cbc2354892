/**
 * ListUsers: a page of users (Limit up to 60, PaginationToken), optionally filtered on one
 * attribute with `=` or `^=`, with only AttributesToGet when given.
 */
import {
  defineOperation,
  integer,
  InvalidParameterException,
  list,
  string,
  structure,
} from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { InvalidFilterError, parseUserFilter, type UserFilter } from "../../users/list-filter.js";
import type { PoolRecord } from "../../../storage/index.js";
import { userPoolId } from "../../pool-shapes.js";
import { listing, paginationToken } from "../../listing.js";
import { attributeName } from "../../users/shapes.js";
import { userType } from "../../users/user-view.js";

const Input = structure({
  UserPoolId: userPoolId(),
  AttributesToGet: list(attributeName()),
  Limit: integer({ min: 0, max: 60 }),
  PaginationToken: paginationToken(),
  Filter: string({ max: 256 }),
});

function filterOf(text: string | undefined, pool: PoolRecord): UserFilter | undefined {
  try {
    const filter = parseUserFilter(text);
    // Usernames compare as the pool compares them at sign-in: case-insensitively unless CaseSensitive.
    const sensitiveNames =
      (pool.config.UsernameConfiguration as { CaseSensitive?: boolean } | undefined)?.CaseSensitive === true;
    return filter === undefined
      ? undefined
      : {
          ...filter,
          caseSensitive: filter.attribute === "status" || (filter.attribute === "username" && sensitiveNames),
        };
  } catch (error) {
    if (error instanceof InvalidFilterError)
      throw new InvalidParameterException(error.message, { cause: error });
    throw error;
  }
}

/**
 * The operation.
 */
export function listUsers(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const filter = filterOf(input.Filter, pool);
    const store = await ctx.store();
    const limit = input.Limit === undefined || input.Limit === 0 ? 60 : input.Limit;
    const page = await listing(() =>
      store.users.list(pool.id, { filter, limit, nextToken: input.PaginationToken }),
    );
    return {
      Users: page.items.map((user) => userType(user, input.AttributesToGet)),
      PaginationToken: page.nextToken,
    };
  });
}
