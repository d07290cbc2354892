/**
 * A temporary-credentials session: what GetCredentialsForIdentity and STS
 * AssumeRoleWithWebIdentity issue, and what a SigV4-signed request made with those credentials
 * speaks for. The session token carries it sealed (see session-token.ts), so a gateway that holds
 * the master key verifies requests without a database read, and no secret key is ever stored.
 */
import type { PolicyDocument } from "../policy/types.js";

/** The RoleSessionName Cognito Identity's enhanced flow uses (identity-sync-iam.md §1.5). */
export const COGNITO_SESSION_NAME = "CognitoIdentityCredentials";

/** One session's facts, sealed in its session token. Times are epoch milliseconds. */
export interface SessionClaims {
  /** The format's version: 1. */
  v: 1;
  /** `ASIA` and 16 characters of base32 (A-Z, 2-7). */
  accessKeyId: string;
  /** 40 characters; never stored anywhere but sealed in the token. */
  secretKey: string;
  /** `arn:aws:iam::{account}:role/{RoleName}`: the role whose permission policies apply. */
  roleArn: string;
  /** The session's name: {@link COGNITO_SESSION_NAME} for Cognito Identity, the caller's for STS. */
  roleSessionName: string;
  /** The issuer of the web identity token the session was made from (`Provider` in STS's answer). */
  provider: string;
  /** The web identity token's `aud` (an identity pool id for cognate's own OpenID tokens). */
  audience: string;
  /** The web identity token's `sub` (an IdentityId for cognate's own OpenID tokens). */
  subject: string;
  /** `amr` as Cognito Identity writes it: `["authenticated", provider, ...]` or `["unauthenticated"]`. */
  amr: string[];
  /** The identity, when the session came from Cognito Identity. */
  identityId?: string;
  identityPoolId?: string;
  /** Session tags (principal tags), readable as `aws:PrincipalTag/<key>`. */
  principalTags: Record<string, string>;
  /** A session policy that scopes the role's permissions down (intersected, never widened). */
  sessionPolicy?: PolicyDocument;
  issuedAt: number;
  expiresAt: number;
}
