// Pools and app clients: the whole life of each, as the admin drives it through the SDK.
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ResourceNotFoundException,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { client, rejection, unique, type Target } from "./target.js";

/** CreateUserPool, DescribeUserPool, UpdateUserPool, ListUserPools and DeleteUserPool; the JWKS. */
export async function poolLifecycle(target: Target): Promise<void> {
  const idp = client(target);
  const name = unique("pool");
  const { UserPool: pool } = await idp.send(
    new CreateUserPoolCommand({
      PoolName: name,
      UsernameAttributes: ["email"],
      AutoVerifiedAttributes: ["email"],
    }),
  );
  const poolId = pool!.Id!;
  expect(poolId).toMatch(/^us-east-1_[0-9A-Za-z]{9}$/);

  const { UserPool: described } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  expect(described).toMatchObject({
    Id: poolId,
    Name: name,
    UsernameAttributes: ["email"],
    AutoVerifiedAttributes: ["email"],
    EstimatedNumberOfUsers: 0,
  });
  expect(described!.CreationDate).toBeInstanceOf(Date);

  await idp.send(
    new UpdateUserPoolCommand({
      UserPoolId: poolId,
      Policies: { PasswordPolicy: { MinimumLength: 12 } },
      AutoVerifiedAttributes: ["email"],
      DeletionProtection: "ACTIVE",
    }),
  );
  const { UserPool: updated } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  expect(updated).toMatchObject({
    DeletionProtection: "ACTIVE",
    Policies: { PasswordPolicy: { MinimumLength: 12 } },
  });

  const listed: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await idp.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
    listed.push(...page.UserPools!.map((p) => p.Id!));
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  expect(listed).toContain(poolId);

  const jwks = (await (await fetch(`${target.endpoint}/${poolId}/.well-known/jwks.json`)).json()) as {
    keys: Array<{ kty: string; kid: string }>;
  };
  expect(jwks.keys).toHaveLength(2);
  expect(jwks.keys.every((k) => k.kty === "RSA")).toBe(true);

  // Deletion protection holds until it is turned off.
  expect((await rejection(idp.send(new DeleteUserPoolCommand({ UserPoolId: poolId })))).name).toBe(
    "InvalidParameterException",
  );
  await idp.send(new UpdateUserPoolCommand({ UserPoolId: poolId, DeletionProtection: "INACTIVE" }));
  await idp.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
  expect(await rejection(idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId })))).toBeInstanceOf(
    ResourceNotFoundException,
  );
}

/** CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient, ListUserPoolClients, DeleteUserPoolClient. */
export async function clientLifecycle(target: Target): Promise<void> {
  const idp = client(target);
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: unique("clients") }));
  const UserPoolId = UserPool!.Id!;

  const { UserPoolClient: web } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId,
      ClientName: "web",
      GenerateSecret: true,
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  expect(web).toMatchObject({ UserPoolId, ClientName: "web", EnableTokenRevocation: true });
  expect(web!.ClientSecret).toMatch(/^[a-z0-9]{51}$/);
  const { UserPoolClient: mobile } = await idp.send(
    new CreateUserPoolClientCommand({ UserPoolId, ClientName: "mobile" }),
  );
  expect(mobile!.ClientSecret).toBeUndefined();

  const { UserPoolClient: described } = await idp.send(
    new DescribeUserPoolClientCommand({ UserPoolId, ClientId: web!.ClientId }),
  );
  expect(described).toMatchObject({
    ClientId: web!.ClientId,
    ClientSecret: web!.ClientSecret,
    ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  });

  await idp.send(
    new UpdateUserPoolClientCommand({
      UserPoolId,
      ClientId: web!.ClientId,
      ClientName: "web-2",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      AccessTokenValidity: 30,
      TokenValidityUnits: { AccessToken: "minutes" },
    }),
  );
  const { UserPoolClient: updated } = await idp.send(
    new DescribeUserPoolClientCommand({ UserPoolId, ClientId: web!.ClientId }),
  );
  expect(updated).toMatchObject({
    ClientName: "web-2",
    ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    AccessTokenValidity: 30,
  });
  // An update never changes the secret.
  expect(updated!.ClientSecret).toBe(web!.ClientSecret);

  const { UserPoolClients } = await idp.send(new ListUserPoolClientsCommand({ UserPoolId, MaxResults: 10 }));
  expect(UserPoolClients!.map((c) => c.ClientName).sort()).toEqual(["mobile", "web-2"]);

  await idp.send(new DeleteUserPoolClientCommand({ UserPoolId, ClientId: mobile!.ClientId }));
  const after = await idp.send(new ListUserPoolClientsCommand({ UserPoolId, MaxResults: 10 }));
  expect(after.UserPoolClients!.map((c) => c.ClientId)).toEqual([web!.ClientId]);
  const gone = await rejection(
    idp.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId: mobile!.ClientId })),
  );
  expect(gone).toBeInstanceOf(ResourceNotFoundException);
  await idp.send(new DeleteUserPoolCommand({ UserPoolId }));
}

const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const KEY = "arn:aws:kms:us-east-1:000000000000:key/0d3b9c1e-5b8a-4d2c-9f1e-2a3b4c5d6e7f";

/**
 * LambdaConfig through CreateUserPool, DescribeUserPool, ListUserPools and UpdateUserPool: the
 * two pre token generation members kept in step, unknown members dropped, the cross-member rules
 * refused in Cognito's error types, and an UpdateUserPool without it clearing the triggers.
 */
export async function poolLambdaConfig(target: Target): Promise<void> {
  const idp = client(target);
  const name = unique("triggers");
  const given = {
    PreSignUp: fn("pre-sign-up"),
    CustomMessage: fn("custom-message"),
    PostConfirmation: fn("post-confirmation"),
    PreAuthentication: fn("pre-auth"),
    PostAuthentication: fn("post-auth"),
    DefineAuthChallenge: fn("define"),
    CreateAuthChallenge: fn("create"),
    VerifyAuthChallengeResponse: fn("verify"),
    UserMigration: fn("migrate"),
    PreTokenGenerationConfig: { LambdaVersion: "V2_0" as const, LambdaArn: fn("pre-token") },
    CustomEmailSender: { LambdaVersion: "V1_0" as const, LambdaArn: fn("email-sender") },
    CustomSMSSender: { LambdaVersion: "V1_0" as const, LambdaArn: fn("sms-sender") },
    KMSKeyID: KEY,
  };
  const { UserPool: pool } = await idp.send(
    new CreateUserPoolCommand({ PoolName: name, LambdaConfig: given }),
  );
  const poolId = pool!.Id!;
  const expected = { ...given, PreTokenGeneration: fn("pre-token") };
  expect(pool!.LambdaConfig).toEqual(expected);
  const { UserPool: described } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  expect(described!.LambdaConfig).toEqual(expected);
  let listed: { Id?: string; LambdaConfig?: unknown } | undefined;
  let NextToken: string | undefined;
  do {
    const page = await idp.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
    listed ??= page.UserPools!.find((p) => p.Id === poolId);
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  expect(listed!.LambdaConfig).toEqual(expected);

  // The legacy member alone stands for V1_0.
  await idp.send(
    new UpdateUserPoolCommand({ UserPoolId: poolId, LambdaConfig: { PreTokenGeneration: fn("legacy") } }),
  );
  const { UserPool: legacy } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  expect(legacy!.LambdaConfig).toEqual({
    PreTokenGeneration: fn("legacy"),
    PreTokenGenerationConfig: { LambdaVersion: "V1_0", LambdaArn: fn("legacy") },
  });

  // Refused, and nothing changed: two different functions, a sender without its key, V2_0 on Lite,
  // a bad ARN, a config without its version.
  const refusals: Array<[Record<string, unknown>, string]> = [
    [
      {
        PreTokenGeneration: fn("a"),
        PreTokenGenerationConfig: { LambdaVersion: "V1_0", LambdaArn: fn("b") },
      },
      "InvalidParameterException",
    ],
    [{ CustomEmailSender: { LambdaVersion: "V1_0", LambdaArn: fn("s") } }, "InvalidParameterException"],
    [{ PreSignUp: "not-an-arn-at-all-but-long" }, "InvalidParameterException"],
    [{ PreTokenGenerationConfig: { LambdaArn: fn("p") } }, "InvalidParameterException"],
    [
      { CustomSMSSender: { LambdaVersion: "V2_0", LambdaArn: fn("s") }, KMSKeyID: KEY },
      "InvalidParameterException",
    ],
  ];
  for (const [LambdaConfig, type] of refusals) {
    const error = await rejection(
      idp.send(new UpdateUserPoolCommand({ UserPoolId: poolId, LambdaConfig: LambdaConfig as never })),
    );
    expect(error.name, JSON.stringify(LambdaConfig)).toBe(type);
  }
  const lite = await rejection(
    idp.send(
      new UpdateUserPoolCommand({
        UserPoolId: poolId,
        UserPoolTier: "LITE",
        LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: "V3_0", LambdaArn: fn("p") } },
      }),
    ),
  );
  expect(lite.name).toBe("FeatureUnavailableInTierException");
  const { UserPool: unchanged } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  expect(unchanged!.LambdaConfig).toEqual(legacy!.LambdaConfig);

  // UpdateUserPool replaces LambdaConfig whole: without it, the pool has no triggers.
  await idp.send(new UpdateUserPoolCommand({ UserPoolId: poolId, AutoVerifiedAttributes: ["email"] }));
  const { UserPool: cleared } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  expect(cleared!.LambdaConfig).toEqual({});
  await idp.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
}
