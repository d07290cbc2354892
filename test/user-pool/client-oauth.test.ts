// App clients' OAuth settings as Cognito checks them, driven by the real AWS SDK v3 client against
// the real Node entry over HTTP: redirect URLs, flows, scopes (standard and resource servers'),
// identity providers, the DefaultRedirectURI, and the master switch stored as given.
import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  DeleteResourceServerCommand,
  DescribeUserPoolClientCommand,
  InvalidOAuthFlowException,
  InvalidParameterException,
  type OAuthFlowType,
  ScopeDoesNotExistException,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { rejection, usersServer } from "./users-setup.js";

const { admin, newPool } = usersServer();
const API = "https://api.example.com";

async function poolWithScopes(): Promise<string> {
  const UserPoolId = await newPool();
  await admin().send(
    new CreateResourceServerCommand({
      UserPoolId,
      Identifier: API,
      Name: "API",
      Scopes: [
        { ScopeName: "read", ScopeDescription: "Read" },
        { ScopeName: "write", ScopeDescription: "Write" },
      ],
    }),
  );
  return UserPoolId;
}

const create = (UserPoolId: string, input: Partial<CreateUserPoolClientCommandInput>) =>
  admin().send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: "web", ...input }));

async function refused(
  promise: Promise<unknown>,
  type: new (...args: never[]) => Error,
  message?: string | RegExp,
): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(type);
  if (typeof message === "string") expect(error.message).toBe(message);
  else if (message !== undefined) expect(error.message).toMatch(message);
}

describe("app clients' OAuth settings", () => {
  it("stores a code-flow client's settings, the master switch off unless given", async () => {
    const UserPoolId = await poolWithScopes();
    const settings: Partial<CreateUserPoolClientCommandInput> = {
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email", "profile", `${API}/read`],
      CallbackURLs: ["https://app.example.com/cb", "http://localhost:3000/cb", "myapp://cb"],
      LogoutURLs: ["https://app.example.com/", "http://127.0.0.1:8080/bye", "http://[::1]:5173/bye"],
      DefaultRedirectURI: "https://app.example.com/cb",
      SupportedIdentityProviders: ["COGNITO"],
    };
    const { UserPoolClient } = await create(UserPoolId, settings);
    expect(UserPoolClient).toMatchObject({ ...settings, AllowedOAuthFlowsUserPoolClient: false });
    const { UserPoolClient: on } = await admin().send(
      new UpdateUserPoolClientCommand({
        UserPoolId,
        ClientId: UserPoolClient!.ClientId,
        ...settings,
        AllowedOAuthFlowsUserPoolClient: true,
      }),
    );
    expect(on).toMatchObject({ AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["code"] });
    const described = await admin().send(
      new DescribeUserPoolClientCommand({ UserPoolId, ClientId: UserPoolClient!.ClientId }),
    );
    expect(described.UserPoolClient).toMatchObject({ ...settings, AllowedOAuthFlowsUserPoolClient: true });
  });

  it("refuses redirect and sign-out URLs that are relative, carry a fragment or use http off the loopback host", async () => {
    const UserPoolId = await newPool();
    for (const url of [
      "/cb",
      "https://app.example.com/cb#x",
      "http://app.example.com/cb",
      "http://localhost.example.com/cb",
      "javascript:alert(1)",
    ]) {
      await refused(create(UserPoolId, { CallbackURLs: [url] }), InvalidParameterException, /CallbackURL/);
      await refused(create(UserPoolId, { LogoutURLs: [url] }), InvalidParameterException, /LogoutURL/);
    }
    await refused(
      create(UserPoolId, {
        CallbackURLs: ["https://a.example.com/cb"],
        DefaultRedirectURI: "https://b.example.com/cb",
      }),
      InvalidParameterException,
    );
    // The exact string: a trailing slash is another URL.
    await refused(
      create(UserPoolId, {
        CallbackURLs: ["https://a.example.com/cb"],
        DefaultRedirectURI: "https://a.example.com/cb/",
      }),
      InvalidParameterException,
    );
  });

  it("needs CallbackURLs for code and implicit, in Cognito's words", async () => {
    const UserPoolId = await newPool();
    for (const flow of ["code", "implicit"])
      await refused(
        create(UserPoolId, { AllowedOAuthFlows: [flow as OAuthFlowType], AllowedOAuthScopes: ["openid"] }),
        InvalidOAuthFlowException,
        "CallbackUrls can not be empty when code flow or implicit flow is selected",
      );
    await create(UserPoolId, {
      AllowedOAuthFlows: ["code", "implicit"],
      AllowedOAuthScopes: ["openid"],
      CallbackURLs: ["https://app.example.com/cb"],
    });
  });

  it("allows client_credentials alone, with a secret and custom scopes only", async () => {
    const UserPoolId = await poolWithScopes();
    const machine: Partial<CreateUserPoolClientCommandInput> = {
      AllowedOAuthFlows: ["client_credentials"],
      AllowedOAuthScopes: [`${API}/read`],
    };
    const { UserPoolClient } = await create(UserPoolId, { ...machine, GenerateSecret: true });
    expect(UserPoolClient).toMatchObject(machine);
    await refused(create(UserPoolId, machine), InvalidOAuthFlowException, /client secret/);
    await refused(
      create(UserPoolId, {
        GenerateSecret: true,
        AllowedOAuthFlows: ["client_credentials", "code"],
        AllowedOAuthScopes: [`${API}/read`],
        CallbackURLs: ["https://app.example.com/cb"],
      }),
      InvalidOAuthFlowException,
    );
    await refused(
      create(UserPoolId, { ...machine, GenerateSecret: true, AllowedOAuthScopes: ["openid", `${API}/read`] }),
      InvalidOAuthFlowException,
      "openid is not supported with client_credentials flow",
    );
    // Update keeps the client's secret, so client_credentials stays possible; without one it is not.
    await admin().send(
      new UpdateUserPoolClientCommand({ UserPoolId, ClientId: UserPoolClient!.ClientId, ...machine }),
    );
    const { UserPoolClient: publicClient } = await create(UserPoolId, {});
    await refused(
      admin().send(
        new UpdateUserPoolClientCommand({ UserPoolId, ClientId: publicClient!.ClientId, ...machine }),
      ),
      InvalidOAuthFlowException,
      /client secret/,
    );
  });

  it("knows only standard scopes and those of the pool's resource servers", async () => {
    const UserPoolId = await poolWithScopes();
    await create(UserPoolId, {
      AllowedOAuthScopes: [
        "openid",
        "email",
        "phone",
        "profile",
        "aws.cognito.signin.user.admin",
        `${API}/write`,
      ],
    });
    for (const scope of ["Cognito", `${API}/delete`, "https://api.example.com", "read", "other/read"])
      await refused(
        create(UserPoolId, { AllowedOAuthScopes: ["openid", scope] }),
        ScopeDoesNotExistException,
        `Invalid scope requested: ${scope}`,
      );
    // Another pool's resource server is not this pool's.
    await refused(
      create(await newPool(), { AllowedOAuthScopes: [`${API}/read`] }),
      ScopeDoesNotExistException,
    );
    // A deleted server's scopes can no longer be allowed.
    await admin().send(new DeleteResourceServerCommand({ UserPoolId, Identifier: API }));
    await refused(create(UserPoolId, { AllowedOAuthScopes: [`${API}/read`] }), ScopeDoesNotExistException);
  });

  it("knows COGNITO as the only identity provider until federation adds others", async () => {
    const UserPoolId = await newPool();
    await create(UserPoolId, { SupportedIdentityProviders: ["COGNITO"] });
    for (const provider of ["Salesforce", "Google", "cognito"])
      await refused(
        create(UserPoolId, { SupportedIdentityProviders: ["COGNITO", provider] }),
        InvalidParameterException,
        `The provider ${provider} does not exist for User Pool ${UserPoolId}.`,
      );
  });
});
