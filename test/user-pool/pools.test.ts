// User pools and app clients driven by the real AWS SDK v3 Cognito client against the real Node
// entry (`start()`, SQLite under a temp data dir), over HTTP.
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InvalidParameterException,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ResourceNotFoundException,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import Database from "better-sqlite3";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATETEST00001",
  secretAccessKey: "pools/test+secret0123456789abcdefghijklmn",
};
const dataDir = mkdtempSync(join(tmpdir(), "cognate-pools-"));
let server: Awaited<ReturnType<typeof start>>;
let banner = "";

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation((line: string) => void (banner += line));
  server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
  });
  vi.restoreAllMocks();
});
afterAll(async () => {
  await server?.close();
});

const client = (credentials = ADMIN) =>
  new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: server.url,
    credentials,
    maxAttempts: 1,
  });

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the call succeeded");
}

const seconds = (date: Date | undefined) => Math.round((date?.getTime() ?? NaN) / 1000);

describe("user pools through the AWS SDK v3", () => {
  it("starts with a development master key kept in the data dir, which the banner names but never shows", () => {
    const key = readFileSync(join(dataDir, "master-key"), "utf8").trim();
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(banner).toContain(`master key  generated, kept in ${join(dataDir, "master-key")}`);
    expect(banner).not.toContain(key);
  });

  it("creates a pool with its settings, and describes it as UserPoolType", async () => {
    const before = Math.floor(Date.now() / 1000);
    const created = await client().send(
      new CreateUserPoolCommand({
        PoolName: "app pool",
        Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: false } },
        UsernameAttributes: ["email"],
        UsernameConfiguration: { CaseSensitive: false },
        AutoVerifiedAttributes: ["email"],
        MfaConfiguration: "OPTIONAL",
        Schema: [
          {
            Name: "tenant",
            AttributeDataType: "String",
            Mutable: true,
            StringAttributeConstraints: { MaxLength: "64" },
          },
          { Name: "email", Required: true },
        ],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
        UserPoolTags: { team: "identity" },
      }),
    );
    const pool = created.UserPool!;
    expect(pool.Id).toMatch(/^us-east-1_[0-9A-Za-z]{9}$/);
    expect(pool.Arn).toBe(`arn:aws:cognito-idp:us-east-1:000000000000:userpool/${pool.Id}`);
    expect(pool.CreationDate).toBeInstanceOf(Date);
    expect(seconds(pool.CreationDate)).toBeGreaterThanOrEqual(before);

    const { UserPool: described } = await client().send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
    expect(described).toMatchObject({
      Id: pool.Id,
      Name: "app pool",
      Policies: {
        PasswordPolicy: {
          MinimumLength: 10,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: false,
          TemporaryPasswordValidityDays: 7,
        },
      },
      UsernameAttributes: ["email"],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ["email"],
      MfaConfiguration: "OPTIONAL",
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
      UserPoolTags: { team: "identity" },
      EstimatedNumberOfUsers: 0,
      DeletionProtection: "INACTIVE",
      LambdaConfig: {},
    });
    expect(described!.CreationDate).toEqual(pool.CreationDate);
    expect(described!.LastModifiedDate).toBeInstanceOf(Date);
    const schema = described!.SchemaAttributes!;
    expect(schema.find((a) => a.Name === "sub")).toMatchObject({ Required: true, Mutable: false });
    expect(schema.find((a) => a.Name === "email")).toMatchObject({
      Required: true,
      AttributeDataType: "String",
    });
    expect(schema.find((a) => a.Name === "custom:tenant")).toMatchObject({
      AttributeDataType: "String",
      Mutable: true,
      StringAttributeConstraints: { MaxLength: "64" },
    });
  });

  it("updates a pool: given settings replace, left-out ones go back to their defaults, the schema stays", async () => {
    const { UserPool: pool } = await client().send(
      new CreateUserPoolCommand({
        PoolName: "to-update",
        MfaConfiguration: "OPTIONAL",
        AliasAttributes: ["email"],
        Schema: [{ Name: "plan", AttributeDataType: "String" }],
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
    const out = await client().send(
      new UpdateUserPoolCommand({
        UserPoolId: pool!.Id,
        Policies: { PasswordPolicy: { MinimumLength: 12 } },
        DeletionProtection: "ACTIVE",
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    const { UserPool: after } = await client().send(new DescribeUserPoolCommand({ UserPoolId: pool!.Id }));
    expect(after).toMatchObject({
      Name: "to-update",
      MfaConfiguration: "OFF",
      AliasAttributes: ["email"],
      DeletionProtection: "ACTIVE",
      Policies: { PasswordPolicy: { MinimumLength: 12 } },
    });
    expect(after!.SchemaAttributes!.some((a) => a.Name === "custom:plan")).toBe(true);
    expect(after!.LastModifiedDate!.getTime()).toBeGreaterThan(pool!.LastModifiedDate!.getTime());
    // Deletion protection holds until it is turned off.
    const refused = await rejection(client().send(new DeleteUserPoolCommand({ UserPoolId: pool!.Id })));
    expect(refused).toBeInstanceOf(InvalidParameterException);
    await client().send(new UpdateUserPoolCommand({ UserPoolId: pool!.Id, DeletionProtection: "INACTIVE" }));
    await client().send(new DeleteUserPoolCommand({ UserPoolId: pool!.Id }));
  });

  it("lists pools MaxResults at a time with NextToken, and forgets deleted ones", async () => {
    const ids: string[] = [];
    for (const name of ["list-a", "list-b", "list-c"])
      ids.push((await client().send(new CreateUserPoolCommand({ PoolName: name }))).UserPool!.Id!);
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await client().send(new ListUserPoolsCommand({ MaxResults: 2, NextToken }));
      expect(page.UserPools!.length).toBeLessThanOrEqual(2);
      for (const p of page.UserPools!) {
        expect(p.CreationDate).toBeInstanceOf(Date);
        expect(p.LastModifiedDate).toBeInstanceOf(Date);
        seen.push(p.Id!);
      }
      NextToken = page.NextToken;
      pages++;
    } while (NextToken !== undefined && pages < 100);
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(new Set(seen).size).toBe(seen.length);

    await client().send(new DeleteUserPoolCommand({ UserPoolId: ids[1] }));
    const all = await client().send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(all.UserPools!.map((p) => p.Id)).not.toContain(ids[1]);
    const gone = await rejection(client().send(new DescribeUserPoolCommand({ UserPoolId: ids[1] })));
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    expect(gone.message).toBe(`User pool ${ids[1]} does not exist.`);
  });

  it("answers bad input with InvalidParameterException in AWS's words", async () => {
    for (const MaxResults of [0, 61]) {
      const error = await rejection(client().send(new ListUserPoolsCommand({ MaxResults })));
      expect(error).toBeInstanceOf(InvalidParameterException);
      expect(error.message).toMatch(
        /^1 validation error detected: Value '\d+' at 'maxResults' failed to satisfy constraint: Member must have value (less|greater) than or equal to (60|1)$/,
      );
    }
    const token = await rejection(
      client().send(new ListUserPoolsCommand({ MaxResults: 1, NextToken: "not-a-token-of-ours" })),
    );
    expect(token).toBeInstanceOf(InvalidParameterException);
    const noName = await rejection(client().send(new CreateUserPoolCommand({} as never)));
    expect(noName).toBeInstanceOf(InvalidParameterException);
    expect(noName.message).toBe(
      "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null",
    );
    const both = await rejection(
      client().send(
        new CreateUserPoolCommand({
          PoolName: "x",
          UsernameAttributes: ["email"],
          AliasAttributes: ["email"],
        }),
      ),
    );
    expect(both).toBeInstanceOf(InvalidParameterException);
    expect(both.message).toBe(
      "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.",
    );
    const required = await rejection(
      client().send(
        new CreateUserPoolCommand({
          PoolName: "x",
          Schema: [{ Name: "tier", AttributeDataType: "String", Required: true }],
        }),
      ),
    );
    expect(required.message).toBe("Required custom attributes are not supported currently.");
    const badId = await rejection(
      client().send(new DescribeUserPoolCommand({ UserPoolId: "no-underscore" })),
    );
    expect(badId).toBeInstanceOf(InvalidParameterException);
    expect(badId.message).toContain(
      "at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern",
    );
    const missing = await rejection(
      client().send(new UpdateUserPoolCommand({ UserPoolId: "us-east-1_Missing00" })),
    );
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toBe("User pool us-east-1_Missing00 does not exist.");
  });

  it("refuses unsigned calls and calls signed with the wrong secret or an unknown key", async () => {
    const wrongSecret = await rejection(
      client({ ...ADMIN, secretAccessKey: "not-the-secret" }).send(
        new ListUserPoolsCommand({ MaxResults: 1 }),
      ),
    );
    expect(wrongSecret.name).toBe("InvalidSignatureException");
    const unknownKey = await rejection(
      client({ accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: ADMIN.secretAccessKey }).send(
        new ListUserPoolsCommand({ MaxResults: 1 }),
      ),
    );
    expect(unknownKey.name).toBe("UnrecognizedClientException");
    const unsigned = await fetch(server.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.CreateUserPool",
      },
      body: JSON.stringify({ PoolName: "sneaky" }),
    });
    expect(unsigned.status).toBe(400);
    expect(((await unsigned.json()) as { __type: string }).__type).toBe(
      "MissingAuthenticationTokenException",
    );
  });
});

describe("app clients through the AWS SDK v3", () => {
  it("creates, describes, updates, lists and deletes clients, with Cognito's defaults", async () => {
    const { UserPool: pool } = await client().send(
      new CreateUserPoolCommand({
        PoolName: "clients",
        Schema: [{ Name: "tenant", AttributeDataType: "String" }],
      }),
    );
    const poolId = pool!.Id!;
    const { UserPoolClient: web } = await client().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "web",
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    expect(web).toMatchObject({
      UserPoolId: poolId,
      ClientName: "web",
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: "LEGACY",
      AuthSessionValidity: 3,
      AllowedOAuthFlowsUserPoolClient: false,
    });
    expect(web!.ClientId).toMatch(/^[a-z0-9]{26}$/);
    expect(web!.ClientSecret).toBeUndefined();
    expect(web!.CreationDate).toBeInstanceOf(Date);

    const { UserPoolClient: server2 } = await client().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "backend",
        GenerateSecret: true,
        AccessTokenValidity: 2,
        TokenValidityUnits: { RefreshToken: "hours" },
        RefreshTokenValidity: 12,
        PreventUserExistenceErrors: "ENABLED",
        EnableTokenRevocation: false,
        ReadAttributes: ["email", "custom:tenant"],
        WriteAttributes: ["email"],
      }),
    );
    expect(server2!.ClientSecret).toMatch(/^[a-z0-9]{51}$/);
    expect(server2).toMatchObject({
      AccessTokenValidity: 2,
      TokenValidityUnits: { AccessToken: "hours", IdToken: "minutes", RefreshToken: "hours" },
      RefreshTokenValidity: 12,
      EnableTokenRevocation: false,
      PreventUserExistenceErrors: "ENABLED",
      ReadAttributes: ["email", "custom:tenant"],
    });

    const { UserPoolClient: described } = await client().send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: server2!.ClientId }),
    );
    expect(described).toEqual(server2);

    const { UserPoolClient: updated } = await client().send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: server2!.ClientId,
        ClientName: "backend-2",
        ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH"],
      }),
    );
    expect(updated).toMatchObject({
      ClientName: "backend-2",
      ClientSecret: server2!.ClientSecret,
      ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH"],
      AccessTokenValidity: 60,
      EnableTokenRevocation: true,
    });
    expect(updated!.ReadAttributes).toBeUndefined();

    const first = await client().send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 1 }));
    expect(first.UserPoolClients).toHaveLength(1);
    expect(first.NextToken).toBeDefined();
    const second = await client().send(
      new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: first.NextToken }),
    );
    expect(second.NextToken).toBeUndefined();
    expect([...first.UserPoolClients!, ...second.UserPoolClients!].map((c) => c.ClientName).sort()).toEqual([
      "backend-2",
      "web",
    ]);
    expect(first.UserPoolClients![0]).toEqual({
      ClientId: expect.any(String),
      UserPoolId: poolId,
      ClientName: expect.any(String),
    });

    await client().send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: web!.ClientId }));
    const gone = await rejection(
      client().send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: web!.ClientId })),
    );
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    expect(gone.message).toBe(`User pool client ${web!.ClientId} does not exist.`);
    const again = await rejection(
      client().send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: web!.ClientId })),
    );
    expect(again).toBeInstanceOf(ResourceNotFoundException);
    const { UserPoolClients } = await client().send(new ListUserPoolClientsCommand({ UserPoolId: poolId }));
    expect(UserPoolClients!.map((c) => c.ClientName)).toEqual(["backend-2"]);
  });

  it("answers missing pools, bad validity and unknown attributes with Cognito's errors", async () => {
    const noPool = await rejection(
      client().send(new CreateUserPoolClientCommand({ UserPoolId: "us-east-1_Missing00", ClientName: "x" })),
    );
    expect(noPool).toBeInstanceOf(ResourceNotFoundException);
    expect(noPool.message).toBe("User pool us-east-1_Missing00 does not exist.");
    const listNoPool = await rejection(
      client().send(new ListUserPoolClientsCommand({ UserPoolId: "us-east-1_Missing00" })),
    );
    expect(listNoPool).toBeInstanceOf(ResourceNotFoundException);
    const { UserPool: pool } = await client().send(new CreateUserPoolCommand({ PoolName: "client-errors" }));
    const noClient = await rejection(
      client().send(
        new UpdateUserPoolClientCommand({ UserPoolId: pool!.Id, ClientId: "abcdefghijklmnopqrstuvwxyz" }),
      ),
    );
    expect(noClient).toBeInstanceOf(ResourceNotFoundException);
    expect(noClient.message).toBe("User pool client abcdefghijklmnopqrstuvwxyz does not exist.");
    const tooShort = await rejection(
      client().send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool!.Id,
          ClientName: "x",
          AccessTokenValidity: 1,
          TokenValidityUnits: { AccessToken: "minutes" },
        }),
      ),
    );
    expect(tooShort).toBeInstanceOf(InvalidParameterException);
    const attribute = await rejection(
      client().send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool!.Id,
          ClientName: "x",
          ReadAttributes: ["custom:nope"],
        }),
      ),
    );
    expect(attribute).toBeInstanceOf(InvalidParameterException);
    expect(attribute.message).toBe("Invalid read attributes specified while creating a client");
    const noName = await rejection(
      client().send(new CreateUserPoolClientCommand({ UserPoolId: pool!.Id } as never)),
    );
    expect(noName.message).toBe(
      "1 validation error detected: Value null at 'clientName' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe("keys and discovery", () => {
  it("serves the pool's two public signing keys and its OpenID configuration, and keeps private keys sealed", async () => {
    const { UserPool: pool } = await client().send(new CreateUserPoolCommand({ PoolName: "keys" }));
    const jwksResponse = await fetch(`${server.url}/${pool!.Id}/.well-known/jwks.json`);
    expect(jwksResponse.status).toBe(200);
    const { keys } = (await jwksResponse.json()) as { keys: Record<string, string>[] };
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
      expect(key).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", e: "AQAB" });
    }
    expect(keys[0]!.kid).not.toBe(keys[1]!.kid);

    const discovery = (await (
      await fetch(`${server.url}/${pool!.Id}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: `${server.url}/${pool!.Id}`,
      jwks_uri: `${server.url}/${pool!.Id}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ["RS256"],
      subject_types_supported: ["public"],
    });

    for (const path of ["jwks.json", "openid-configuration"]) {
      const missing = await fetch(`${server.url}/us-east-1_Missing00/.well-known/${path}`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ message: "User pool us-east-1_Missing00 does not exist." });
    }

    const db = new Database(join(dataDir, "cognate.db"), { readonly: true });
    try {
      const rows = db
        .prepare(
          "SELECT purpose, public_jwk, sealed_private_jwk FROM pool_signing_keys WHERE pool_id = ? ORDER BY purpose",
        )
        .all(pool!.Id) as Record<string, string>[];
      expect(rows.map((r) => r.purpose)).toEqual(["access", "id"]);
      for (const row of rows) {
        expect(row.sealed_private_jwk).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
        expect(JSON.parse(row.public_jwk!)).not.toHaveProperty("d");
      }
      const dump = JSON.stringify(db.prepare("SELECT * FROM pool_signing_keys").all());
      expect(dump).not.toMatch(/"d"|\\"d\\"|"p"|\\"p\\"/);
    } finally {
      db.close();
    }
    // Deleting the pool takes its keys with it.
    await client().send(new DeleteUserPoolCommand({ UserPoolId: pool!.Id }));
    expect((await fetch(`${server.url}/${pool!.Id}/.well-known/jwks.json`)).status).toBe(404);
  });
});
