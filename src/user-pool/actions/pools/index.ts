/**
 * User pool administration: one file per operation, exported as one map for the dispatch table
 * in ../../service.ts.
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { addCustomAttributes } from "./add-custom-attributes.js";
import { createUserPool } from "./create-user-pool.js";
import { deleteUserPool } from "./delete-user-pool.js";
import { describeUserPool } from "./describe-user-pool.js";
import { listUserPools } from "./list-user-pools.js";
import { updateUserPool } from "./update-user-pool.js";

/** The user pool operations, by name. */
export function poolOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    CreateUserPool: createUserPool(ctx),
    DescribeUserPool: describeUserPool(ctx),
    UpdateUserPool: updateUserPool(ctx),
    DeleteUserPool: deleteUserPool(ctx),
    ListUserPools: listUserPools(ctx),
    AddCustomAttributes: addCustomAttributes(ctx),
  } as Record<string, Operation>;
}
