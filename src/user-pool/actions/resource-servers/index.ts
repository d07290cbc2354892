/**
 * Resource servers and their custom scopes: one file per operation, exported as one map for the
 * dispatch table in ../../service.ts. App clients are allowed the scopes (../../client-oauth.ts),
 * and the authorization server puts them in access tokens (../../resource-scopes.ts).
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { createResourceServer } from "./create-resource-server.js";
import { deleteResourceServer } from "./delete-resource-server.js";
import { describeResourceServer } from "./describe-resource-server.js";
import { listResourceServers } from "./list-resource-servers.js";
import { updateResourceServer } from "./update-resource-server.js";

/** The resource-server operations, by name. */
export function resourceServerOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    CreateResourceServer: createResourceServer(ctx),
    DescribeResourceServer: describeResourceServer(ctx),
    UpdateResourceServer: updateResourceServer(ctx),
    DeleteResourceServer: deleteResourceServer(ctx),
    ListResourceServers: listResourceServers(ctx),
  } as Record<string, Operation>;
}
