// The identity-pool end-to-end scenarios: the real AWS clients (fromCognitoIdentityPool, the
// Cognito Identity and STS clients) get credentials from cognate, @smithy/signature-v4 signs
// requests with them to the gateway's "auth": "iam" routes. The same scenarios run against the
// Node entry and against wrangler dev.
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DeleteIdentitiesCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityCommand,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  GetPrincipalTagAttributeMapCommand,
  ListIdentitiesCommand,
  ListIdentityPoolsCommand,
  ListTagsForResourceCommand,
  LookupDeveloperIdentityCommand,
  MergeDeveloperIdentitiesCommand,
  TagResourceCommand,
  UnlinkDeveloperIdentityCommand,
  UnlinkIdentityCommand,
  UntagResourceCommand,
  UpdateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  InvalidIdentityPoolConfigurationException,
  SetIdentityPoolRolesCommand,
  SetPrincipalTagAttributeMapCommand,
} from "@aws-sdk/client-cognito-identity";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromCognitoIdentityPool } from "@aws-sdk/credential-providers";
import { expect } from "vitest";
import { identityPoolOperations } from "../../../src/identity-pool/actions/index.js";
import type { IdentityPoolContext } from "../../../src/identity-pool/context.js";
import { signRequest, type TemporaryCredentials } from "../../helpers/execute-api.js";

/** A running cognate with the roles and routes of world.ts. */
export interface IdentityTarget {
  endpoint: string;
  admin: { accessKeyId: string; secretAccessKey: string };
  /** Cognito Identity operations that answered successfully through the scenarios' clients. */
  calls: Set<string>;
  /** The headers the upstream received with the last request it saw, when the target can tell. */
  lastForwarded?: () => Record<string, string | string[] | undefined> | undefined;
}

const role = (name: string) => `arn:aws:iam::000000000000:role/${name}`;
const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

function identityClient(t: IdentityTarget, signed = false): CognitoIdentityClient {
  const client = new CognitoIdentityClient({
    region: "us-east-1",
    endpoint: t.endpoint,
    maxAttempts: 1,
    // The unsigned operations ignore a signature; the developer flow's must be the admin's.
    credentials: signed ? t.admin : { accessKeyId: "AKIAANYONE0000000001", secretAccessKey: "anyone" },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      t.calls.add(String(context.commandName).replace(/Command$/, ""));
      return out;
    },
    { step: "initialize", name: "recordOperation" },
  );
  return client;
}
const idp = (t: IdentityTarget) =>
  new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: t.endpoint,
    credentials: t.admin,
    maxAttempts: 1,
  });

/** Signs and sends a request to the gateway with the credentials. */
export async function invoke(
  t: IdentityTarget,
  credentials: TemporaryCredentials,
  path: string,
  method = "GET",
): Promise<Response> {
  const signed = await signRequest(credentials, `${t.endpoint}${path}`, { method }, { region: "us-east-1" });
  return fetch(signed.url, signed.init);
}

/** A user pool, an app client, and a way to sign its users in (their ID tokens). */
export async function userPool(t: IdentityTarget) {
  const { UserPool } = await idp(t).send(
    new CreateUserPoolCommand({
      PoolName: unique("identities"),
      Schema: [{ Name: "dept", AttributeDataType: "String", Mutable: true }],
    }),
  );
  const userPoolId = UserPool!.Id!;
  const { UserPoolClient } = await idp(t).send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  const provider = `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
  const signIn = async (username: string, attributes: Record<string, string> = {}, groups: string[] = []) => {
    await idp(t).send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: username,
        MessageAction: "SUPPRESS",
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    await idp(t).send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: username,
        Password: "Correct-Horse-9",
        Permanent: true,
      }),
    );
    for (const GroupName of groups)
      await idp(t).send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName }),
      );
    const { AuthenticationResult } = await idp(t).send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD: "Correct-Horse-9" },
      }),
    );
    return AuthenticationResult!.IdToken!;
  };
  return { userPoolId, clientId, provider, signIn };
}

async function identityPool(
  t: IdentityTarget,
  up: Awaited<ReturnType<typeof userPool>>,
  extra: Record<string, unknown> = {},
) {
  const { IdentityPoolId } = await identityClient(t, true).send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: unique("pool"),
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: true,
      DeveloperProviderName: "login.example.app",
      CognitoIdentityProviders: [
        { ProviderName: up.provider, ClientId: up.clientId, ServerSideTokenCheck: true },
      ],
      ...extra,
    }),
  );
  await identityClient(t, true).send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId,
      Roles: { authenticated: role("Member"), unauthenticated: role("Guest") },
    }),
  );
  return IdentityPoolId!;
}

const provide = (t: IdentityTarget, IdentityPoolId: string, logins?: Record<string, string>) =>
  fromCognitoIdentityPool({
    identityPoolId: IdentityPoolId,
    ...(logins !== undefined && { logins }),
    clientConfig: { region: "us-east-1", endpoint: t.endpoint, maxAttempts: 1 },
  })();

/**
 * The enhanced flow: fromCognitoIdentityPool with a user pool's ID token; the identity's own files
 * and not another's; guests the public folder only; a tampered or missing session token refused.
 */
export async function enhancedFlow(t: IdentityTarget): Promise<void> {
  const up = await userPool(t);
  const poolId = await identityPool(t, up);
  const idToken = await up.signIn("ada");
  const credentials = await provide(t, poolId, { [up.provider]: idToken });
  expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
  expect(credentials.secretAccessKey).toHaveLength(40);
  const expiresIn = credentials.expiration!.getTime() - Date.now();
  expect(expiresIn).toBeGreaterThan(3500_000);
  expect(expiresIn).toBeLessThanOrEqual(3600_000);
  const { IdentityId } = await identityClient(t).send(
    new GetIdCommand({ IdentityPoolId: poolId, Logins: { [up.provider]: idToken } }),
  );

  const own = await invoke(t, credentials, `/files/${IdentityId}/notes.txt`);
  expect(own.status).toBe(200);
  const forwarded = t.lastForwarded?.();
  if (forwarded !== undefined) {
    expect(forwarded["x-cognate-identity-id"]).toBe(IdentityId);
    expect(forwarded["x-cognate-identity-pool-id"]).toBe(poolId);
    expect(forwarded["x-cognate-authentication-type"]).toBe("authenticated");
    expect(forwarded["x-cognate-authentication-provider"]).toContain(`${up.provider}:CognitoSignIn:`);
    expect(forwarded["x-amz-security-token"]).toBeUndefined();
  }
  expect((await invoke(t, credentials, `/files/${IdentityId}/notes.txt`, "PUT")).status).toBe(200);
  const other = await invoke(
    t,
    credentials,
    `/files/us-east-1:11111111-2222-4333-8444-555555555555/notes.txt`,
  );
  expect(other.status).toBe(403);
  expect(((await other.json()) as { Message: string }).Message).toContain(
    "assumed-role/Member/CognitoIdentityCredentials is not authorized to perform: execute-api:Invoke",
  );
  expect((await invoke(t, credentials, "/admin/users")).status).toBe(403);

  const { sessionToken, ...withoutToken } = credentials;
  const missing = await invoke(t, withoutToken, `/files/${IdentityId}/notes.txt`);
  expect(missing.status).toBe(403);
  const tampered = `${sessionToken!.slice(0, -6)}${sessionToken!.slice(-6) === "AAAAAA" ? "BBBBBB" : "AAAAAA"}`;
  const forged = await invoke(
    t,
    { ...credentials, sessionToken: tampered },
    `/files/${IdentityId}/notes.txt`,
  );
  expect(forged.status).toBe(403);
  expect(await forged.json()).toEqual({ message: "The security token included in the request is invalid." });

  const guest = await provide(t, poolId);
  expect((await invoke(t, guest, "/public/readme.txt")).status).toBe(200);
  expect((await invoke(t, guest, `/files/${IdentityId}/notes.txt`)).status).toBe(403);
}

/**
 * Role mapping: by token (the admins group's role, in cognito:roles) and by rules (custom:dept),
 * with the department as a principal tag the role's policy requires.
 */
export async function roleMapping(t: IdentityTarget): Promise<void> {
  const up = await userPool(t);
  await idp(t).send(
    new CreateGroupCommand({
      UserPoolId: up.userPoolId,
      GroupName: "admins",
      RoleArn: role("Admin"),
      Precedence: 1,
    }),
  );
  const tokenPool = await identityPool(t, up);
  await identityClient(t, true).send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId: tokenPool,
      Roles: { authenticated: role("Member"), unauthenticated: role("Guest") },
      RoleMappings: {
        [`${up.provider}:${up.clientId}`]: { Type: "Token", AmbiguousRoleResolution: "AuthenticatedRole" },
      },
    }),
  );
  const admin = await provide(t, tokenPool, { [up.provider]: await up.signIn("root", {}, ["admins"]) });
  expect((await invoke(t, admin, "/admin/users")).status).toBe(200);
  expect((await invoke(t, admin, "/vault/keys")).status).toBe(403);
  const member = await provide(t, tokenPool, { [up.provider]: await up.signIn("plain") });
  expect((await invoke(t, member, "/admin/users")).status).toBe(403);

  const rulesPool = await identityPool(t, up);
  await identityClient(t, true).send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId: rulesPool,
      Roles: { authenticated: role("Member") },
      RoleMappings: {
        [`${up.provider}:${up.clientId}`]: {
          Type: "Rules",
          AmbiguousRoleResolution: "AuthenticatedRole",
          RulesConfiguration: {
            Rules: [{ Claim: "custom:dept", MatchType: "Equals", Value: "sales", RoleARN: role("Sales") }],
          },
        },
      },
    }),
  );
  const seller = await up.signIn("seller", { "custom:dept": "sales" });
  // Without the tag map the session has no department tag: the role's condition fails.
  const untagged = await provide(t, rulesPool, { [up.provider]: seller });
  expect((await invoke(t, untagged, "/sales/leads")).status).toBe(403);
  await identityClient(t, true).send(
    new SetPrincipalTagAttributeMapCommand({
      IdentityPoolId: rulesPool,
      IdentityProviderName: up.provider,
      PrincipalTags: { department: "custom:dept" },
    }),
  );
  const tagged = await provide(t, rulesPool, { [up.provider]: seller });
  expect((await invoke(t, tagged, "/sales/leads")).status).toBe(200);
  // Someone else of the pool matches no rule: the authenticated role, which has no sales folder.
  const other = await provide(t, rulesPool, {
    [up.provider]: await up.signIn("buyer", { "custom:dept": "buying" }),
  });
  expect((await invoke(t, other, "/sales/leads")).status).toBe(403);
  expect((await invoke(t, other, "/public/x")).status).toBe(200);
}

/** The basic flow: GetId, GetOpenIdToken, then STS AssumeRoleWithWebIdentity through @aws-sdk/client-sts. */
export async function classicFlow(t: IdentityTarget): Promise<void> {
  const up = await userPool(t);
  const poolId = await identityPool(t, up);
  const idToken = await up.signIn("classic");
  const logins = { [up.provider]: idToken };
  const { IdentityId } = await identityClient(t).send(
    new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }),
  );
  const { Token } = await identityClient(t).send(new GetOpenIdTokenCommand({ IdentityId, Logins: logins }));
  const sts = new STSClient({
    region: "us-east-1",
    endpoint: t.endpoint,
    maxAttempts: 1,
    credentials: { accessKeyId: "AKIAANYONE0000000001", secretAccessKey: "anyone" },
  });
  const assumed = await sts.send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: role("Classic"),
      RoleSessionName: "classic-session",
      WebIdentityToken: Token,
      DurationSeconds: 7200,
    }),
  );
  expect(assumed.SubjectFromWebIdentityToken).toBe(IdentityId);
  expect(assumed.Audience).toBe(poolId);
  expect(assumed.AssumedRoleUser?.Arn).toBe("arn:aws:sts::000000000000:assumed-role/Classic/classic-session");
  const credentials = {
    accessKeyId: assumed.Credentials!.AccessKeyId!,
    secretAccessKey: assumed.Credentials!.SecretAccessKey!,
    sessionToken: assumed.Credentials!.SessionToken!,
  };
  expect((await invoke(t, credentials, "/classic/report")).status).toBe(200);
  expect((await invoke(t, credentials, `/files/${IdentityId}/notes.txt`)).status).toBe(403);
  const refused = await sts
    .send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: role("Stranger"),
        RoleSessionName: "stranger",
        WebIdentityToken: Token,
      }),
    )
    .then(
      () => undefined,
      (error: Error) => error,
    );
  expect(refused?.name).toBe("AccessDenied");
  const tooLong = await sts
    .send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: role("Member"),
        RoleSessionName: "s1",
        WebIdentityToken: Token,
        DurationSeconds: 7200,
      }),
    )
    .then(
      () => undefined,
      (error: Error) => error,
    );
  expect(tooLong?.name).toBe("ValidationError");
}

/**
 * The developer flow: the backend's signed GetOpenIdTokenForDeveloperIdentity, then the client's
 * GetCredentialsForIdentity with the token under cognito-identity.amazonaws.com; and a pool whose
 * role does not trust it answers InvalidIdentityPoolConfigurationException.
 */
export async function developerFlow(t: IdentityTarget): Promise<void> {
  const up = await userPool(t);
  const poolId = await identityPool(t, up);
  const { IdentityId, Token } = await identityClient(t, true).send(
    new GetOpenIdTokenForDeveloperIdentityCommand({
      IdentityPoolId: poolId,
      Logins: { "login.example.app": "user-42" },
    }),
  );
  const { Credentials } = await identityClient(t).send(
    new GetCredentialsForIdentityCommand({
      IdentityId,
      Logins: { "cognito-identity.amazonaws.com": Token! },
    }),
  );
  const credentials = {
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretKey!,
    sessionToken: Credentials!.SessionToken!,
  };
  expect((await invoke(t, credentials, `/files/${IdentityId}/a.txt`)).status).toBe(200);

  await identityClient(t, true).send(
    new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: role("Stranger") } }),
  );
  const refused = await identityClient(t)
    .send(
      new GetCredentialsForIdentityCommand({
        IdentityId,
        Logins: { "cognito-identity.amazonaws.com": Token! },
      }),
    )
    .then(
      () => undefined,
      (error: Error) => error,
    );
  expect(refused).toBeInstanceOf(InvalidIdentityPoolConfigurationException);
  expect(refused?.message).toBe(
    "Invalid identity pool configuration. Check assigned IAM roles for this pool.",
  );
}

/**
 * The management operations, in one pass: pools (create, describe, update, list, tags), roles and
 * principal-tag maps read back, identities described, listed, unlinked, merged and deleted.
 */
export async function management(t: IdentityTarget): Promise<void> {
  const admin = identityClient(t, true);
  const up = await userPool(t);
  const poolId = await identityPool(t, up);
  const arn = `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${poolId}`;
  expect((await admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: poolId }))).IdentityPoolId).toBe(
    poolId,
  );
  const updated = await admin.send(
    new UpdateIdentityPoolCommand({
      IdentityPoolId: poolId,
      IdentityPoolName: "renamed",
      AllowUnauthenticatedIdentities: true,
      // UpdateIdentityPool replaces the settings: what is left out is gone.
      CognitoIdentityProviders: [{ ProviderName: up.provider, ClientId: up.clientId }],
    }),
  );
  expect(updated.IdentityPoolName).toBe("renamed");
  const listed: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await admin.send(new ListIdentityPoolsCommand({ MaxResults: 60, NextToken }));
    listed.push(...page.IdentityPools!.map((p) => p.IdentityPoolId!));
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  expect(listed).toContain(poolId);
  await admin.send(new TagResourceCommand({ ResourceArn: arn, Tags: { team: "identity", drop: "me" } }));
  await admin.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["drop"] }));
  expect((await admin.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({
    team: "identity",
  });
  expect((await admin.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: poolId }))).Roles).toEqual({
    authenticated: role("Member"),
    unauthenticated: role("Guest"),
  });
  await admin.send(
    new SetPrincipalTagAttributeMapCommand({
      IdentityPoolId: poolId,
      IdentityProviderName: up.provider,
      UseDefaults: true,
    }),
  );
  expect(
    (
      await admin.send(
        new GetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: up.provider }),
      )
    ).UseDefaults,
  ).toBe(true);

  const idToken = await up.signIn("managed");
  const logins = { [up.provider]: idToken };
  const { IdentityId } = await identityClient(t).send(
    new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }),
  );
  expect((await admin.send(new DescribeIdentityCommand({ IdentityId }))).Logins).toEqual([up.provider]);
  const developer = (user: string) =>
    admin.send(
      new GetOpenIdTokenForDeveloperIdentityCommand({
        IdentityPoolId: poolId,
        Logins: { "login.example.app": user },
      }),
    );
  const one = await developer("dev-1");
  const two = await developer("dev-2");
  await admin.send(
    new MergeDeveloperIdentitiesCommand({
      IdentityPoolId: poolId,
      DeveloperProviderName: "login.example.app",
      SourceUserIdentifier: "dev-2",
      DestinationUserIdentifier: "dev-1",
    }),
  );
  const looked = await admin.send(
    new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: one.IdentityId }),
  );
  expect(looked.DeveloperUserIdentifierList!.sort()).toEqual(["dev-1", "dev-2"]);
  await admin.send(
    new UnlinkDeveloperIdentityCommand({
      IdentityPoolId: poolId,
      IdentityId: one.IdentityId,
      DeveloperProviderName: "login.example.app",
      DeveloperUserIdentifier: "dev-2",
    }),
  );
  const visible = await admin.send(
    new ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 60, HideDisabled: true }),
  );
  const ids = visible.Identities!.map((i) => i.IdentityId);
  expect(ids).toContain(one.IdentityId);
  expect(ids).not.toContain(two.IdentityId);
  await identityClient(t).send(
    new UnlinkIdentityCommand({ IdentityId, Logins: logins, LoginsToRemove: [up.provider] }),
  );
  expect((await admin.send(new DescribeIdentityCommand({ IdentityId }))).Logins).toEqual([]);
  expect(
    (await admin.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [IdentityId!, two.IdentityId!] })))
      .UnprocessedIdentityIds,
  ).toEqual([]);
  await admin.send(new DeleteIdentityPoolCommand({ IdentityPoolId: poolId }));
}

export const identityScenarios: Record<string, (t: IdentityTarget) => Promise<void>> = {
  "identity pools: the enhanced flow, own files only, guests, forged and missing session tokens":
    enhancedFlow,
  "identity pools: role mapping by token and by rules, a principal tag in a condition": roleMapping,
  "identity pools: the basic flow through STS AssumeRoleWithWebIdentity": classicFlow,
  "identity pools: the developer flow, and a role that does not trust the pool": developerFlow,
  "identity pools: every management operation": management,
};

/** The names of the identity service's operations (the table is built without touching the context). */
export function identityOperationNames(): string[] {
  return Object.keys(identityPoolOperations({} as IdentityPoolContext)).sort();
}
