/**
 * The enhanced flow's credentials (GetCredentialsForIdentity): the role the pool's Roles and
 * RoleMappings choose, which must exist and trust Cognito Identity for this pool, then a
 * temporary-credentials session for it, named `CognitoIdentityCredentials`, tagged with the
 * provider's principal tags, for one hour.
 */
import {
  COGNITO_IDENTITY,
  COGNITO_SESSION_NAME,
  issueSession,
  type IssuedSession,
  type Role,
  type RoleMapping,
  selectRole,
  SessionTooLargeError,
  trustsWebIdentity,
  webIdentityTrustContext,
} from "../iam/index.js";
import {
  InvalidIdentityPoolConfigurationException,
  InvalidParameterException,
  NotAuthorizedException,
} from "../protocol/json/index.js";
import type { IdentityPoolContext } from "./context.js";
import type { IdentityAccess } from "./identity-access.js";
import { identityAmr } from "./identity-token.js";
import { canonicalProvider } from "./logins/index.js";
import { MESSAGES } from "./messages.js";
import { principalTagsFor } from "./principal-tags.js";

/** The enhanced flow's credentials last an hour ("Credentials last 1 h"). */
export const CREDENTIALS_SECONDS = 3600;

/** What the caller knows of the request besides the identity. */
export interface CredentialsRequest {
  requestUrl: string;
  sourceIp: string | undefined;
  customRoleArn?: string;
}

/**
 * Credentials for the identity, in GetCredentialsForIdentity's steps.
 *
 * @throws {InvalidIdentityPoolConfigurationException} no role, an unknown role, or one that does not
 *   trust this pool; {NotAuthorizedException} when the role mapping denies;
 *   {InvalidParameterException} when the principal tags make the session too large.
 */
export async function credentialsFor(
  ctx: IdentityPoolContext,
  access: IdentityAccess,
  request: CredentialsRequest,
): Promise<IssuedSession> {
  const amr = identityAmr(access.logins);
  const role = chooseRole(ctx, access, request);
  const principalTags = await principalTagsFor(ctx, access);
  checkTrust(ctx, role, access, amr, principalTags, request);
  try {
    return await issueSession(
      await ctx.masterKey(),
      {
        roleArn: role.arn,
        roleSessionName: COGNITO_SESSION_NAME,
        provider: ctx.issuer(request.requestUrl),
        audience: access.pool.id,
        subject: access.identity.id,
        amr,
        identityId: access.identity.id,
        identityPoolId: access.pool.id,
        principalTags,
      },
      ctx.now(),
      CREDENTIALS_SECONDS,
    );
  } catch (error) {
    // Tags within the model's limits (50 of 128 + 256 characters) can still outgrow a session
    // token, as they outgrow STS's packed size.
    if (error instanceof SessionTooLargeError)
      throw new InvalidParameterException(MESSAGES.sessionTooLarge, { cause: error });
    throw error;
  }
}

function chooseRole(ctx: IdentityPoolContext, access: IdentityAccess, request: CredentialsRequest): Role {
  const login = access.logins[0];
  const issuerOf = (poolId: string) => ctx.userPools.issuer(poolId, request.requestUrl);
  // RoleMappings may name a user pool under either of its names: both are read as the canonical one.
  const mappings: Record<string, RoleMapping> = {};
  for (const [key, mapping] of Object.entries(access.pool.roleMappings as Record<string, RoleMapping>)) {
    const colon = key.lastIndexOf(":");
    mappings[colon > 0 ? `${canonicalProvider(key.slice(0, colon), issuerOf)}${key.slice(colon)}` : key] =
      mapping;
  }
  const selection = selectRole({
    roles: access.pool.roles,
    roleMappings: mappings,
    ...(login !== undefined && {
      authenticated: {
        providerKey:
          login.kind === "user-pool"
            ? `${login.provider}:${login.clientId}`
            : login.kind === "cognito-identity"
              ? access.pool.developerProviderName!
              : login.provider,
        claims: login.claims,
      },
    }),
    ...(request.customRoleArn !== undefined && { customRoleArn: request.customRoleArn }),
  });
  if (selection.refused === "ambiguous-deny" || selection.refused === "custom-role-not-allowed")
    throw new NotAuthorizedException(MESSAGES.roleNotAllowed);
  const role = selection.refused === undefined ? ctx.roles.roleFor(selection.roleArn) : undefined;
  if (role === undefined)
    throw new InvalidIdentityPoolConfigurationException(MESSAGES.invalidPoolConfiguration);
  return role;
}

// "The role must trust cognito-identity.amazonaws.com for this pool" (identity-sync-iam.md §1.5):
// the trust policy is evaluated as STS would for the internal AssumeRoleWithWebIdentity.
function checkTrust(
  ctx: IdentityPoolContext,
  role: Role,
  access: IdentityAccess,
  amr: string[],
  principalTags: Record<string, string>,
  request: CredentialsRequest,
): void {
  const context = webIdentityTrustContext(
    COGNITO_IDENTITY,
    { audience: access.pool.id, subject: access.identity.id, amr },
    { now: ctx.now(), sourceIp: request.sourceIp, secure: request.requestUrl.startsWith("https:") },
    principalTags,
  );
  const decision = trustsWebIdentity(role, {
    federated: COGNITO_IDENTITY,
    context,
    tagSession: Object.keys(principalTags).length > 0,
  });
  if (!decision.allowed)
    throw new InvalidIdentityPoolConfigurationException(MESSAGES.invalidPoolConfiguration);
}
