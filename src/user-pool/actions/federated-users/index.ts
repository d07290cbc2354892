/**
 * Federated users' operations (federation.md §1.6): linking an external identity to a user, and
 * taking one away. One file per operation, exported as one map for the dispatch table in
 * ../../service.ts; the sign-in itself is ../../federation/federated-sign-in.ts.
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { adminDisableProviderForUser } from "./admin-disable-provider-for-user.js";
import { adminLinkProviderForUser } from "./admin-link-provider-for-user.js";

/** The federated-user operations, by name. */
export function federatedUserOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    AdminLinkProviderForUser: adminLinkProviderForUser(ctx),
    AdminDisableProviderForUser: adminDisableProviderForUser(ctx),
  } as Record<string, Operation>;
}
