/**
 * Who a SigV4 request signed with temporary credentials speaks for: the session's role and, for
 * credentials from Cognito Identity, the identity. What API Gateway's IAM authorization puts in
 * `$context.identity` (`cognitoIdentityId`, `cognitoAuthenticationType`, `caller`, `userArn`...).
 */
import type { SessionClaims } from "../../iam/session.js";

/** The facts of a verified temporary-credentials session: `c.var.principal.iam`. Never the secret. */
export interface IamCaller {
  /** The access key id the request was signed with (`ASIA...`). */
  readonly accessKeyId: string;
  /** The role whose permission policies applied: `arn:aws:iam::000000000000:role/{RoleName}`. */
  readonly roleArn: string;
  readonly roleName: string;
  /** `AROA` and 17 characters, stable per role name. */
  readonly roleId: string;
  /** The session's name: `CognitoIdentityCredentials` for Cognito Identity's credentials. */
  readonly roleSessionName: string;
  /** `{roleId}:{roleSessionName}`: `aws:userid`, API Gateway's `caller`. */
  readonly caller: string;
  /** `arn:aws:sts::000000000000:assumed-role/{RoleName}/{roleSessionName}`: API Gateway's `userArn`. */
  readonly userArn: string;
  /** The Cognito identity (`{region}:{uuid}`), when the session came from an identity pool. */
  readonly identityId: string | undefined;
  readonly identityPoolId: string | undefined;
  /** From `amr`: `authenticated`, `unauthenticated`, or undefined when it says neither (a non-Cognito web identity). */
  readonly authenticationType: "authenticated" | "unauthenticated" | undefined;
  /** The `amr` entries that name providers (API Gateway's `cognitoAuthenticationProvider`, split at `,`). */
  readonly authenticationProviders: readonly string[];
  /** The session's `amr`, as Cognito Identity writes it. */
  readonly amr: readonly string[];
  /** The web identity token's issuer, audience and subject. */
  readonly provider: string;
  readonly audience: string;
  readonly subject: string;
  /** Session tags, as `aws:PrincipalTag/<key>`. */
  readonly principalTags: Readonly<Record<string, string>>;
  /** Epoch milliseconds. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

const AUTHENTICATION_TYPES = new Set(["authenticated", "unauthenticated"]);

/** The caller of a session, once its role is known (`roleId` from `src/iam/role-arn.ts`). */
export function iamCaller(
  claims: SessionClaims,
  role: { name: string; arn: string; id: string; userArn: string },
): IamCaller {
  const type = claims.amr.find((entry) => AUTHENTICATION_TYPES.has(entry));
  return {
    accessKeyId: claims.accessKeyId,
    roleArn: role.arn,
    roleName: role.name,
    roleId: role.id,
    roleSessionName: claims.roleSessionName,
    caller: `${role.id}:${claims.roleSessionName}`,
    userArn: role.userArn,
    identityId: claims.identityId,
    identityPoolId: claims.identityPoolId,
    authenticationType: type as IamCaller["authenticationType"],
    authenticationProviders: claims.amr.filter((entry) => !AUTHENTICATION_TYPES.has(entry)),
    amr: claims.amr,
    provider: claims.provider,
    audience: claims.audience,
    subject: claims.subject,
    principalTags: claims.principalTags,
    issuedAt: claims.issuedAt,
    expiresAt: claims.expiresAt,
  };
}
