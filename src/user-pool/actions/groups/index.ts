/**
 * Groups and their members: one file per operation, exported as one map for the dispatch table
 * in ../../service.ts. Precedence and RoleArn feed the tokens' `cognito:groups`, `cognito:roles`
 * and `cognito:preferred_role` (see ../../sign-in/result.ts and ../../tokens/claims.ts).
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { adminAddUserToGroup } from "./admin-add-user-to-group.js";
import { adminListGroupsForUser } from "./admin-list-groups-for-user.js";
import { adminRemoveUserFromGroup } from "./admin-remove-user-from-group.js";
import { createGroup } from "./create-group.js";
import { deleteGroup } from "./delete-group.js";
import { getGroup } from "./get-group.js";
import { listGroups } from "./list-groups.js";
import { listUsersInGroup } from "./list-users-in-group.js";
import { updateGroup } from "./update-group.js";

/**
 * The group operations, by name.
 */
export function groupOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    CreateGroup: createGroup(ctx),
    GetGroup: getGroup(ctx),
    UpdateGroup: updateGroup(ctx),
    DeleteGroup: deleteGroup(ctx),
    ListGroups: listGroups(ctx),
    ListUsersInGroup: listUsersInGroup(ctx),
    AdminAddUserToGroup: adminAddUserToGroup(ctx),
    AdminRemoveUserFromGroup: adminRemoveUserFromGroup(ctx),
    AdminListGroupsForUser: adminListGroupsForUser(ctx),
  } as Record<string, Operation>;
}
