/**
 * The web identity token of AssumeRoleWithWebIdentity, verified: one of this cognate's own
 * OpenID tokens (GetOpenIdToken, GetOpenIdTokenForDeveloperIdentity), or an ID token of a
 * configured OIDC provider (an IAM OIDC provider: its issuer URL and client ids).
 */
import { COGNITO_IDENTITY, providerName } from "../iam/index.js";
import type { IdentityPoolContext } from "../identity-pool/context.js";
import { verifyOidcLogin } from "../identity-pool/logins/oidc-login.js";
import { unverifiedParts } from "../identity-pool/logins/signed-token.js";
import { verifyOpenIdToken } from "../identity-pool/openid-token.js";
import { AwsError } from "../protocol/json/index.js";
import { StsError } from "./errors.js";
import { MESSAGES } from "./messages.js";

/** Who the token speaks for, as the session and the trust policy name it. */
export interface WebIdentity {
  /** The token's `iss`. */
  issuer: string;
  /** The trust policy's `Federated` principal: `cognito-identity.amazonaws.com`, or the provider's URL without its scheme. */
  federated: string;
  audience: string;
  subject: string;
  amr?: string[];
  identityId?: string;
  identityPoolId?: string;
  principalTags: Record<string, string>;
}

/**
 * Verifies the token.
 *
 * @throws {StsError} ExpiredTokenException, InvalidIdentityToken (not ours, not a configured
 *   provider's, a bad signature, another audience), IDPCommunicationError (the provider's keys
 *   cannot be fetched).
 */
export async function verifyWebIdentity(
  ctx: IdentityPoolContext,
  token: string,
  requestUrl: string,
): Promise<WebIdentity> {
  const parts = unverifiedParts(token);
  const iss = parts?.payload.iss;
  if (parts === undefined || typeof iss !== "string")
    throw new StsError("InvalidIdentityToken", MESSAGES.invalidToken);
  const expired = () =>
    typeof parts.payload.exp === "number" && parts.payload.exp * 1000 <= ctx.now()
      ? new StsError("ExpiredTokenException", MESSAGES.expiredToken)
      : undefined;
  const deps = ctx.loginsDeps(requestUrl);
  if (iss === deps.identityIssuer) {
    const keys = await deps.identityKeys();
    const result = await verifyOpenIdToken(token, keys, { issuer: iss, now: ctx.now() });
    if (!result.ok)
      throw result.reason === "expired"
        ? new StsError("ExpiredTokenException", MESSAGES.expiredToken)
        : new StsError("InvalidIdentityToken", MESSAGES.invalidToken);
    const { claims } = result;
    return {
      issuer: iss,
      federated: COGNITO_IDENTITY,
      audience: claims.aud,
      subject: claims.sub,
      amr: [...claims.amr],
      identityId: claims.sub,
      identityPoolId: claims.aud,
      principalTags: { ...(claims.principalTags ?? {}) },
    };
  }
  const config = Object.values(deps.oidcProviders).find((p) => p.url === iss);
  if (config === undefined) throw new StsError("InvalidIdentityToken", MESSAGES.noProvider(iss));
  try {
    const login = await verifyOidcLogin(
      deps,
      {
        key: providerName(iss),
        issuers: [iss],
        clientIds: config.clientIds,
        ...(config.jwksUri !== undefined && { jwksUri: config.jwksUri }),
      },
      token,
    );
    return {
      issuer: iss,
      federated: providerName(iss),
      audience: login.clientId!,
      subject: login.subject,
      principalTags: {},
    };
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    if (error.type === "ExternalServiceException") throw new StsError("IDPCommunicationError", error.message);
    throw expired() ?? new StsError("InvalidIdentityToken", error.message);
  }
}
