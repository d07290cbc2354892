/**
 * The hosted UI's looks: the classic UI's customization (CSS and logo) and managed-login styles.
 * One file per operation, exported as one map for the dispatch table in ../../service.ts.
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { createManagedLoginBranding } from "./create-managed-login-branding.js";
import { deleteManagedLoginBranding } from "./delete-managed-login-branding.js";
import { describeManagedLoginBranding } from "./describe-managed-login-branding.js";
import { describeManagedLoginBrandingByClient } from "./describe-managed-login-branding-by-client.js";
import { getUICustomization } from "./get-ui-customization.js";
import { setUICustomization } from "./set-ui-customization.js";
import { updateManagedLoginBranding } from "./update-managed-login-branding.js";

/** The branding operations, by name. */
export function brandingOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    GetUICustomization: getUICustomization(ctx),
    SetUICustomization: setUICustomization(ctx),
    CreateManagedLoginBranding: createManagedLoginBranding(ctx),
    DescribeManagedLoginBranding: describeManagedLoginBranding(ctx),
    DescribeManagedLoginBrandingByClient: describeManagedLoginBrandingByClient(ctx),
    UpdateManagedLoginBranding: updateManagedLoginBranding(ctx),
    DeleteManagedLoginBranding: deleteManagedLoginBranding(ctx),
  } as Record<string, Operation>;
}
