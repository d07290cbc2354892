/**
 * MFA: the pool's configuration, each user's preferences, and TOTP authenticators. One file per
 * concern, exported as one map for the dispatch table in ../../service.ts.
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { adminSetUserMFAPreference, setUserMFAPreference } from "./mfa-preference.js";
import { getUserPoolMfaConfig, setUserPoolMfaConfig } from "./pool-mfa-config.js";
import { associateSoftwareToken, verifySoftwareToken } from "./software-token.js";
import { adminSetUserSettings, setUserSettings } from "./user-settings.js";
import { adminDeleteSoftwareToken } from "./admin-delete-software-token.js";

/**
 * The operations, by name.
 */
export function mfaOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    SetUserPoolMfaConfig: setUserPoolMfaConfig(ctx),
    GetUserPoolMfaConfig: getUserPoolMfaConfig(ctx),
    SetUserMFAPreference: setUserMFAPreference(ctx),
    AdminSetUserMFAPreference: adminSetUserMFAPreference(ctx),
    AssociateSoftwareToken: associateSoftwareToken(ctx),
    VerifySoftwareToken: verifySoftwareToken(ctx),
    SetUserSettings: setUserSettings(ctx),
    AdminSetUserSettings: adminSetUserSettings(ctx),
    AdminDeleteSoftwareToken: adminDeleteSoftwareToken(ctx),
  } as Record<string, Operation>;
}
