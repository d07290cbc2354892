/**
 * The sign-in operations, one file each: InitiateAuth, RespondToAuthChallenge and their Admin
 * twins (SRP, plaintext password, refresh, NEW_PASSWORD_REQUIRED), GetTokensFromRefreshToken, and the token-bearing
 * GetUser, GlobalSignOut and RevokeToken.
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { adminInitiateAuth } from "./admin-initiate-auth.js";
import { adminRespondToAuthChallenge } from "./admin-respond-to-auth-challenge.js";
import { getTokensFromRefreshToken } from "./get-tokens-from-refresh-token.js";
import { getUser } from "./get-user.js";
import { globalSignOut } from "./global-sign-out.js";
import { initiateAuth } from "./initiate-auth.js";
import { respondToAuthChallenge } from "./respond-to-auth-challenge.js";
import { revokeToken } from "./revoke-token.js";

/**
 * The operations, by name, for the dispatch table.
 */
export function authOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    InitiateAuth: initiateAuth(ctx),
    AdminInitiateAuth: adminInitiateAuth(ctx),
    RespondToAuthChallenge: respondToAuthChallenge(ctx),
    AdminRespondToAuthChallenge: adminRespondToAuthChallenge(ctx),
    GetTokensFromRefreshToken: getTokensFromRefreshToken(ctx),
    GetUser: getUser(ctx),
    GlobalSignOut: globalSignOut(ctx),
    RevokeToken: revokeToken(ctx),
  } as Record<string, Operation>;
}
