/** Shared fixtures of the iam unit tests. */
import { generateMasterKey, importMasterKey } from "../runtime/master-key.js";
import type { SessionClaims } from "./session.js";

export const POOL = "us-east-1:4f1e6a2c-1111-4222-8333-444455556666";
export const IDENTITY = "us-east-1:0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff";
export const USER_POOL_PROVIDER = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123";

/** The trust policy the Cognito console writes for an identity pool's role. */
export const cognitoTrust = (amr = "authenticated") => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: "cognito-identity.amazonaws.com" },
      Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
      Condition: {
        StringEquals: { "cognito-identity.amazonaws.com:aud": POOL },
        "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": amr },
      },
    },
  ],
});

export const newMasterKey = (): Promise<CryptoKey> => importMasterKey(generateMasterKey());

/** A Cognito Identity session's claims, as GetCredentialsForIdentity would seal them. */
export const cognitoClaims = (overrides: Partial<SessionClaims> = {}): SessionClaims => ({
  v: 1,
  accessKeyId: "ASIAABCDEFGHIJKLMNOP",
  secretKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  roleArn: "arn:aws:iam::000000000000:role/Reader",
  roleSessionName: "CognitoIdentityCredentials",
  provider: "cognito-identity.amazonaws.com",
  audience: POOL,
  subject: IDENTITY,
  amr: [
    "authenticated",
    USER_POOL_PROVIDER,
    `${USER_POOL_PROVIDER}:CognitoSignIn:5e1f0c39-7c4a-4f5e-9d1c-2b6f3a1e8d07`,
  ],
  identityId: IDENTITY,
  identityPoolId: POOL,
  principalTags: {},
  issuedAt: 1_700_000_000_000,
  expiresAt: 1_700_003_600_000,
  ...overrides,
});
