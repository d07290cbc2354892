/**
 * User administration and sign-up: one file per operation, exported as one map for the
 * dispatch table in ../../service.ts.
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { adminConfirmSignUp } from "./admin-confirm-sign-up.js";
import { adminCreateUser } from "./admin-create-user.js";
import { adminDeleteUserAttributes } from "./admin-delete-user-attributes.js";
import { adminDeleteUser } from "./admin-delete-user.js";
import { adminDisableUser, adminEnableUser } from "./admin-enable-user.js";
import { adminGetUser } from "./admin-get-user.js";
import { adminSetUserPassword } from "./admin-set-user-password.js";
import { adminUpdateUserAttributes } from "./admin-update-user-attributes.js";
import { confirmSignUp } from "./confirm-sign-up.js";
import { listUsers } from "./list-users.js";
import { resendConfirmationCode } from "./resend-confirmation-code.js";
import { signUp } from "./sign-up.js";

/**
 * The user operations, by name.
 */
export function userOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    AdminCreateUser: adminCreateUser(ctx),
    AdminGetUser: adminGetUser(ctx),
    AdminDeleteUser: adminDeleteUser(ctx),
    AdminEnableUser: adminEnableUser(ctx),
    AdminDisableUser: adminDisableUser(ctx),
    AdminSetUserPassword: adminSetUserPassword(ctx),
    AdminUpdateUserAttributes: adminUpdateUserAttributes(ctx),
    AdminDeleteUserAttributes: adminDeleteUserAttributes(ctx),
    AdminConfirmSignUp: adminConfirmSignUp(ctx),
    ListUsers: listUsers(ctx),
    SignUp: signUp(ctx),
    ConfirmSignUp: confirmSignUp(ctx),
    ResendConfirmationCode: resendConfirmationCode(ctx),
  } as Record<string, Operation>;
}
