// The attack suites' set-up: the real Node entry with the roles and iam routes of the identity-pool
// end-to-end world, the real AWS SDK clients, and helpers to make users, user pools and identity pools.
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  SetIdentityPoolRolesCommand,
} from "@aws-sdk/client-cognito-identity";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, vi } from "vitest";
import { start } from "../../../src/entry/node.js";
import { signRequest, type TemporaryCredentials } from "../../helpers/execute-api.js";
import { startUpstream, type Upstream } from "../../gateway/servers.js";
import { ROLES, routes } from "../e2e/world.js";
import { ADMIN } from "../setup.js";

export { ADMIN };
export const role = (name: string) => `arn:aws:iam::000000000000:role/${name}`;
export const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

export function attackServer(extraRoles: Record<string, unknown> = {}) {
  let upstream: Upstream;
  let server: Awaited<ReturnType<typeof start>>;
  const dir = mkdtempSync(join(tmpdir(), "cognate-attack16-"));
  beforeAll(async () => {
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    upstream = await startUpstream();
    mkdirSync(join(dir, "policies", "roles"), { recursive: true });
    for (const [name, r] of Object.entries({ ...ROLES, ...extraRoles }))
      writeFileSync(join(dir, "policies", "roles", `${name}.json`), JSON.stringify(r));
    writeFileSync(join(dir, "cognate.json"), JSON.stringify({ routes: routes(upstream.url) }));
    server = await start({
      PORT: "0",
      COGNATE_DATA_DIR: dir,
      COGNATE_CONFIG: join(dir, "cognate.json"),
      COGNATE_POLICIES: join(dir, "policies"),
      COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
      COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    });
    vi.restoreAllMocks();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await upstream?.close();
  });
  const url = () => server.url;
  const identity = (signed = false) =>
    new CognitoIdentityClient({
      region: "us-east-1",
      endpoint: url(),
      maxAttempts: 1,
      credentials: signed ? ADMIN : { accessKeyId: "AKIAANYONE0000000001", secretAccessKey: "anyone" },
    });
  const idp = () =>
    new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: url(),
      credentials: ADMIN,
      maxAttempts: 1,
    });

  async function userPool() {
    const { UserPool } = await idp().send(
      new CreateUserPoolCommand({
        PoolName: unique("up"),
        Schema: [{ Name: "dept", AttributeDataType: "String", Mutable: true }],
      }),
    );
    const userPoolId = UserPool!.Id!;
    const { UserPoolClient } = await idp().send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: "app",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const clientId = UserPoolClient!.ClientId!;
    const provider = `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
    const signIn = async (username: string, attributes: Record<string, string> = {}) => {
      await idp().send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: username,
          MessageAction: "SUPPRESS",
          UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
        }),
      );
      await idp().send(
        new AdminSetUserPasswordCommand({
          UserPoolId: userPoolId,
          Username: username,
          Password: "Correct-Horse-9",
          Permanent: true,
        }),
      );
      const { AuthenticationResult } = await idp().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: username, PASSWORD: "Correct-Horse-9" },
        }),
      );
      return AuthenticationResult!;
    };
    return { userPoolId, clientId, provider, signIn };
  }

  async function identityPool(
    up: { provider: string; clientId: string },
    extra: Record<string, unknown> = {},
  ) {
    const { IdentityPoolId } = await identity(true).send(
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
    await identity(true).send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId,
        Roles: { authenticated: role("Member"), unauthenticated: role("Guest") },
      }),
    );
    return IdentityPoolId!;
  }

  async function invoke(credentials: TemporaryCredentials, path: string, method = "GET"): Promise<Response> {
    const signed = await signRequest(credentials, `${url()}${path}`, { method }, { region: "us-east-1" });
    return fetch(signed.url, signed.init);
  }

  return { url, dir, identity, idp, userPool, identityPool, invoke, upstream: () => upstream };
}

export const creds = (
  c: { AccessKeyId?: string; SecretKey?: string; SessionToken?: string } | undefined,
) => ({
  accessKeyId: c!.AccessKeyId!,
  secretAccessKey: c!.SecretKey!,
  sessionToken: c!.SessionToken!,
});

export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the call succeeded");
}
