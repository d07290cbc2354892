/**
 * User pool domains: one file per operation, exported as one map for the dispatch table in
 * ../../service.ts. The hosted UI and OAuth endpoints answer for a pool once it has one (src/oauth/).
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { createUserPoolDomain } from "./create-user-pool-domain.js";
import { deleteUserPoolDomain } from "./delete-user-pool-domain.js";
import { describeUserPoolDomain } from "./describe-user-pool-domain.js";
import { updateUserPoolDomain } from "./update-user-pool-domain.js";

/** The domain operations, by name. */
export function domainOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    CreateUserPoolDomain: createUserPoolDomain(ctx),
    DescribeUserPoolDomain: describeUserPoolDomain(ctx),
    UpdateUserPoolDomain: updateUserPoolDomain(ctx),
    DeleteUserPoolDomain: deleteUserPoolDomain(ctx),
  } as Record<string, Operation>;
}
