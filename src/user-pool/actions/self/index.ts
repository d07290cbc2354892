/**
 * The signed-in user's own account and its recovery: password reset and change, attribute
 * updates and verification, account deletion, and the admin twins of reset and sign-out. One
 * file per operation, exported as one map for the dispatch table in ../../service.ts.
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { adminResetUserPassword } from "./admin-reset-user-password.js";
import { adminUserGlobalSignOut } from "./admin-user-global-sign-out.js";
import { changePassword } from "./change-password.js";
import { confirmForgotPassword } from "./confirm-forgot-password.js";
import { deleteUserAttributes } from "./delete-user-attributes.js";
import { deleteUser } from "./delete-user.js";
import { forgotPassword } from "./forgot-password.js";
import { getUserAttributeVerificationCode } from "./get-user-attribute-verification-code.js";
import { updateUserAttributes } from "./update-user-attributes.js";
import { verifyUserAttribute } from "./verify-user-attribute.js";

/**
 * The operations, by name.
 */
export function selfOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    ForgotPassword: forgotPassword(ctx),
    ConfirmForgotPassword: confirmForgotPassword(ctx),
    ChangePassword: changePassword(ctx),
    AdminResetUserPassword: adminResetUserPassword(ctx),
    AdminUserGlobalSignOut: adminUserGlobalSignOut(ctx),
    UpdateUserAttributes: updateUserAttributes(ctx),
    DeleteUserAttributes: deleteUserAttributes(ctx),
    DeleteUser: deleteUser(ctx),
    GetUserAttributeVerificationCode: getUserAttributeVerificationCode(ctx),
    VerifyUserAttribute: verifyUserAttribute(ctx),
  } as Record<string, Operation>;
}
