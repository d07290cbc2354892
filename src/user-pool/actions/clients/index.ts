/**
 * App client administration: one file per operation, exported as one map for the dispatch table
 * in ../../service.ts.
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { createUserPoolClient } from "./create-user-pool-client.js";
import { deleteUserPoolClient } from "./delete-user-pool-client.js";
import { describeUserPoolClient } from "./describe-user-pool-client.js";
import { listUserPoolClients } from "./list-user-pool-clients.js";
import { updateUserPoolClient } from "./update-user-pool-client.js";

/** The app client operations, by name. */
export function clientOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    CreateUserPoolClient: createUserPoolClient(ctx),
    DescribeUserPoolClient: describeUserPoolClient(ctx),
    UpdateUserPoolClient: updateUserPoolClient(ctx),
    DeleteUserPoolClient: deleteUserPoolClient(ctx),
    ListUserPoolClients: listUserPoolClients(ctx),
  } as Record<string, Operation>;
}
