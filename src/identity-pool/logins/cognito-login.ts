/**
 * The developer flow's second step: the OpenID token GetOpenIdTokenForDeveloperIdentity returned,
 * sent back under `cognito-identity.amazonaws.com` to GetCredentialsForIdentity ("If the token is
 * for cognito-identity.amazonaws.com, it will be passed through to AWS Security Token Service with
 * the appropriate role for the token", the API reference). It must be the identity service's own
 * token, for this identity pool.
 */
import { NotAuthorizedException } from "../../protocol/json/index.js";
import { MESSAGES, NAMED } from "../messages.js";
import { verifyOpenIdToken } from "../openid-token.js";
import { COGNITO_IDENTITY_PROVIDER } from "./providers.js";
import type { LoginsDeps, LoginsPool, VerifiedLogin } from "./types.js";

/**
 * Verifies an OpenID token of the identity service sent as a login: `subject` is the identity it
 * was issued for, `claims` its claims (`amr` among them).
 *
 * @throws {NotAuthorizedException} for another issuer's token ("Not a Cognito token."), a bad
 *   signature, an expired token, or another identity pool's.
 */
export async function verifyCognitoLogin(
  deps: Pick<LoginsDeps, "identityIssuer" | "identityKeys" | "now">,
  pool: Pick<LoginsPool, "id">,
  key: string,
  token: string,
): Promise<VerifiedLogin> {
  const now = deps.now();
  const result = await verifyOpenIdToken(token, await deps.identityKeys(), {
    issuer: deps.identityIssuer,
    now,
  });
  if (!result.ok) {
    switch (result.reason) {
      case "malformed":
        throw new NotAuthorizedException(MESSAGES.notOpenIdToken);
      case "signature":
        throw new NotAuthorizedException(MESSAGES.unverifiedSignature);
      case "expired":
        throw new NotAuthorizedException(NAMED.tokenExpired(Math.floor(now / 1000), result.expiredAt!));
      default:
        throw new NotAuthorizedException(MESSAGES.notCognitoToken);
    }
  }
  if (result.claims.aud !== pool.id) throw new NotAuthorizedException(MESSAGES.wrongAudience);
  return {
    key,
    provider: COGNITO_IDENTITY_PROVIDER,
    subject: result.claims.sub,
    claims: result.claims.payload,
    kind: "cognito-identity",
  };
}
