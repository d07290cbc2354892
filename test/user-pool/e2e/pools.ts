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
