// Every end-to-end scenario, by name, and the suite that runs them all against one target and
// then checks that together they drove every operation of the dispatch table successfully.
import { expect, it } from "vitest";
import { userPoolOperations } from "../../../src/user-pool/service.js";
import type { UserPoolContext } from "../../../src/user-pool/context.js";
import { acijsJourney } from "./acijs.js";
import { clientSecretRotation } from "./client-secrets.js";
import { managedLoginBranding, uiCustomization } from "./branding.js";
import { clientOAuth } from "./client-oauth.js";
import { codeLimits } from "./code-limits.js";
import { lockoutBurst } from "./lockout-burst.js";
import { challengeAttributes, verifiedAttributeUpdates } from "./attribute-writes.js";
import { newPasswordRequired, signInFlows, tokensFromRefreshToken } from "./auth.js";
import { groups } from "./groups.js";
import { identityProviders } from "./identity-providers.js";
import { federatedUsers } from "./federated-users.js";
import { devices } from "./devices.js";
import { domains } from "./domains.js";
import { enumeration } from "./enumeration.js";
import { mfa } from "./mfa.js";
import { clientLifecycle, poolLambdaConfig, poolLifecycle } from "./pools.js";
import { resourceServers } from "./resource-servers.js";
import { revocation } from "./revocation.js";
import { adaptiveAuthentication, threatProtection } from "./risk.js";
import { rotation } from "./rotation.js";
import { samlProviders } from "./saml-providers.js";
import { ownAttributes, passwordRecovery } from "./self-service.js";
import { signatureScope } from "./signature-scope.js";
import { signUpAndConfirm } from "./sign-up.js";
import type { Target } from "./target.js";
import { usersAdmin } from "./users.js";

export const scenarios: Record<string, (target: Target) => Promise<void>> = {
  "pools: create, describe, update, list, delete, with the JWKS": poolLifecycle,
  "pools: LambdaConfig round-trips, in step, refused as Cognito": poolLambdaConfig,
  "app clients: create, describe, update, list, delete": clientLifecycle,
  "users: invite, attributes, passwords, enable/disable, list, delete": usersAdmin,
  "sign-up: code, resend, confirm; admin confirm": signUpAndConfirm,
  "amazon-cognito-identity-js: sign up, confirm, SRP, refresh, change, forget and reset the password":
    acijsJourney,
  "sign-in: SRP, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, refresh, GetUser": signInFlows,
  "sign-in: GetTokensFromRefreshToken with a client secret": tokensFromRefreshToken,
  "sign-in: NEW_PASSWORD_REQUIRED, public and admin": newPasswordRequired,
  "groups: every operation, and the claims they put in tokens": groups,
  "self-service: attributes, verification codes, deletion": ownAttributes,
  "recovery: ChangePassword, ForgotPassword, AdminResetUserPassword": passwordRecovery,
  "code limits: attempts across reissued codes, a parallel burst, sends, unknown names": codeLimits,
  "lockout: a burst of 40 wrong passwords and one right one gets at most 5 compared": lockoutBurst,
  "revocation: GlobalSignOut, AdminUserGlobalSignOut, RevokeToken, AdminDisableUser": revocation,
  "refresh-token rotation: a new token per refresh, a replay revokes the sign-in": rotation,
  "MFA: pool configuration, TOTP enrolment and sign-in, SMS MFA": mfa,
  "devices: NewDeviceMetadata, ConfirmDevice, device SRP instead of MFA, every device operation": devices,
  "threat protection: risk configuration, breached passwords, blocked ranges, auth events and feedback":
    threatProtection,
  "adaptive authentication: an impossible trip blocked, and the user's report through the feedback page":
    adaptiveAuthentication,
  "signature scope: a signed AdminGetUser cannot be replayed as another operation": signatureScope,
  "attribute writes: NEW_PASSWORD_REQUIRED checked like UpdateUserAttributes, nothing forged in tokens":
    challengeAttributes,
  "attribute writes: no self-verified email, AttributesRequireVerificationBeforeUpdate":
    verifiedAttributeUpdates,
  "enumeration: PreventUserExistenceErrors answers unknown names as real users, per pool shape": enumeration,
  "domains: a prefix and a custom domain, every domain operation, one pool per name": domains,
  "client secrets: a rotation through two secrets, each accepted, the original deleted and refused":
    clientSecretRotation,
  "UI customization: the pool's and a client's CSS and logo, the CSS checker, the domain it needs":
    uiCustomization,
  "managed login branding: one style per client, PATCH settings and assets, merged defaults, the checks":
    managedLoginBranding,
  "resource servers: every operation, whole-replacement updates, pagination": resourceServers,
  "app clients' OAuth settings: code and client_credentials clients, Cognito's refusals": clientOAuth,
  "identity providers: every operation, per-type details, identifiers, clients listing them":
    identityProviders,
  "SAML providers: GetSigningCertificate, metadata read and refused, auto keys, encryption keys kept and dropped":
    samlProviders,
  "federated users: AdminLinkProviderForUser, AdminDisableProviderForUser, the identities attribute and claim":
    federatedUsers,
};

/** The names of the dispatch table's operations (the table is built without touching the context). */
export function operationNames(): string[] {
  return Object.keys(userPoolOperations({} as UserPoolContext)).sort();
}

/**
 * Registers one test per scenario against the target `get()` returns once the suite's
 * beforeAll has run, and a last test asserting every operation was called successfully.
 */
export function runScenarios(get: () => Target, timeoutMs: number): void {
  for (const [name, scenario] of Object.entries(scenarios)) {
    it(name, () => scenario(get()), timeoutMs);
  }
  it("drove every operation of the dispatch table successfully", () => {
    const names = operationNames();
    expect(names.length).toBeGreaterThanOrEqual(50);
    expect(names.filter((name) => !get().calls.has(name))).toEqual([]);
  });
}
