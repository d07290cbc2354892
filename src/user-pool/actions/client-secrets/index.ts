/**
 * App client secrets during a rotation: one file per operation, exported as one map for the
 * dispatch table in ../../service.ts.
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { addUserPoolClientSecret } from "./add-user-pool-client-secret.js";
import { deleteUserPoolClientSecret } from "./delete-user-pool-client-secret.js";
import { listUserPoolClientSecrets } from "./list-user-pool-client-secrets.js";

/** The client-secret operations, by name. */
export function clientSecretOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    AddUserPoolClientSecret: addUserPoolClientSecret(ctx),
    ListUserPoolClientSecrets: listUserPoolClientSecrets(ctx),
    DeleteUserPoolClientSecret: deleteUserPoolClientSecret(ctx),
  } as Record<string, Operation>;
}
