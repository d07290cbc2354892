/**
 * AssumeRoleWithWebIdentity: temporary credentials for a role whose trust policy lets the token's
 * provider (and its `aud`, `sub`, `amr`) assume it; the basic flow of identity pools, and
 * federation from any configured OIDC provider. Unsigned, as the SDKs send it.
 */
import {
  assumedRoleArn,
  type IssuedSession,
  issueSession,
  parseSessionPolicy,
  type Role,
  roleId,
  SessionTooLargeError,
  trustsWebIdentity,
  webIdentityTrustContext,
} from "../../iam/index.js";
import type { IdentityPoolContext } from "../../identity-pool/context.js";
import { integer, list, string, structure } from "../../protocol/json/index.js";
import { PolicyError } from "../../policy/index.js";
import type { XmlObject } from "../../protocol/query/xml.js";
import { StsError } from "../errors.js";
import { MESSAGES } from "../messages.js";
import { readParams } from "../params.js";
import type { StsCall } from "../service.js";
import { verifyWebIdentity, type WebIdentity } from "../web-identity-token.js";

/** The model's input shape (sts 2011-06-15). */
const Input = structure({
  RoleArn: string({ required: true, min: 20, max: 2048 }),
  RoleSessionName: string({ required: true, min: 2, max: 64, pattern: "[\\w+=,.@-]*" }),
  WebIdentityToken: string({ required: true, min: 4, max: 20000, sensitive: true }),
  ProviderId: string({ min: 4, max: 2048 }),
  PolicyArns: list(structure({ arn: string({ min: 20, max: 2048 }) })),
  Policy: string({ min: 1, max: 2048, pattern: "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+" }),
  DurationSeconds: integer({ min: 900, max: 43200 }),
});

/** "Default: 3600 seconds" (the model). */
const DEFAULT_DURATION = 3600;

/**
 * The action, over the identity service's context (its roles, OIDC providers and keys).
 */
export function assumeRoleWithWebIdentity(ctx: IdentityPoolContext) {
  return async ({ params, request }: StsCall): Promise<XmlObject> => {
    const input = readParams(Input, params);
    if (input.ProviderId !== undefined)
      throw new StsError("InvalidIdentityToken", MESSAGES.unverifiableProviderId(input.ProviderId));
    if (input.PolicyArns !== undefined)
      throw new StsError("ValidationError", MESSAGES.managedPoliciesUnsupported);
    const identity = await verifyWebIdentity(ctx, input.WebIdentityToken, request.url);
    const role = ctx.roles.roleFor(input.RoleArn);
    if (role === undefined) throw new StsError("AccessDenied", MESSAGES.notAuthorized, 403);
    checkTrust(ctx, role, identity, request);
    const duration = input.DurationSeconds ?? DEFAULT_DURATION;
    if (duration > role.maxSessionDuration)
      throw new StsError("ValidationError", MESSAGES.durationTooLong(role.maxSessionDuration));
    const sessionPolicy = input.Policy === undefined ? undefined : readPolicy(input.Policy);
    let session: IssuedSession;
    try {
      session = await issueSession(
        await ctx.masterKey(),
        {
          roleArn: role.arn,
          roleSessionName: input.RoleSessionName,
          provider: identity.issuer,
          audience: identity.audience,
          subject: identity.subject,
          amr: identity.amr ?? [],
          ...(identity.identityId !== undefined && { identityId: identity.identityId }),
          ...(identity.identityPoolId !== undefined && { identityPoolId: identity.identityPoolId }),
          principalTags: identity.principalTags,
          ...(sessionPolicy !== undefined && { sessionPolicy }),
        },
        ctx.now(),
        duration,
      );
    } catch (error) {
      if (error instanceof SessionTooLargeError)
        throw new StsError("PackedPolicyTooLarge", MESSAGES.packedPolicyTooLarge);
      throw error;
    }
    return {
      Credentials: {
        AccessKeyId: session.AccessKeyId,
        SecretAccessKey: session.SecretKey,
        SessionToken: session.SessionToken,
        Expiration: session.Expiration,
      },
      SubjectFromWebIdentityToken: identity.subject,
      AssumedRoleUser: {
        AssumedRoleId: `${await roleId(role.name)}:${input.RoleSessionName}`,
        Arn: assumedRoleArn(role.name, input.RoleSessionName),
      },
      Provider: identity.issuer,
      Audience: identity.audience,
    };
  };
}

function checkTrust(ctx: IdentityPoolContext, role: Role, identity: WebIdentity, request: Request): void {
  const context = webIdentityTrustContext(
    identity.federated,
    {
      audience: identity.audience,
      subject: identity.subject,
      ...(identity.amr !== undefined && { amr: identity.amr }),
    },
    { now: ctx.now(), secure: request.url.startsWith("https:") },
    identity.principalTags,
  );
  const decision = trustsWebIdentity(role, {
    federated: identity.federated,
    context,
    tagSession: Object.keys(identity.principalTags).length > 0,
  });
  if (!decision.allowed) throw new StsError("AccessDenied", MESSAGES.notAuthorized, 403);
}

// A session policy that does not parse is refused here, never stored to deny everything later.
function readPolicy(text: string): Record<string, unknown> {
  try {
    const document = JSON.parse(text) as Record<string, unknown>;
    parseSessionPolicy(document);
    return document;
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof PolicyError)
      throw new StsError("MalformedPolicyDocument", MESSAGES.malformedPolicy(error.message));
    throw error;
  }
}
