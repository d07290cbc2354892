// App clients' OAuth settings: a code-flow client allowed a resource server's scope, a
// client_credentials client, and Cognito's refusals for a missing callback and an unknown scope.
import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  InvalidOAuthFlowException,
  ScopeDoesNotExistException,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { client, poolWithClient, rejection, type Target } from "./target.js";

export async function clientOAuth(target: Target): Promise<void> {
  const idp = client(target);
  const { poolId: UserPoolId, clientId: ClientId } = await poolWithClient(target);
  await idp.send(
    new CreateResourceServerCommand({
      UserPoolId,
      Identifier: "https://api.example.com",
      Name: "API",
      Scopes: [{ ScopeName: "read", ScopeDescription: "Read" }],
    }),
  );
  const web: Partial<CreateUserPoolClientCommandInput> = {
    AllowedOAuthFlows: ["code"],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthScopes: ["openid", "email", "https://api.example.com/read"],
    CallbackURLs: ["http://localhost:3000/callback", "https://app.example.com/callback"],
    LogoutURLs: ["http://localhost:3000/"],
    DefaultRedirectURI: "https://app.example.com/callback",
    SupportedIdentityProviders: ["COGNITO"],
  };
  const { UserPoolClient } = await idp.send(
    new UpdateUserPoolClientCommand({ UserPoolId, ClientId, ...web }),
  );
  expect(UserPoolClient).toMatchObject(web);

  const machine = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId,
      ClientName: "machine",
      GenerateSecret: true,
      AllowedOAuthFlows: ["client_credentials"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ["https://api.example.com/read"],
    }),
  );
  expect(machine.UserPoolClient).toMatchObject({ AllowedOAuthFlows: ["client_credentials"] });

  const noCallback = await rejection(
    idp.send(new UpdateUserPoolClientCommand({ UserPoolId, ClientId, AllowedOAuthFlows: ["implicit"] })),
  );
  expect(noCallback).toBeInstanceOf(InvalidOAuthFlowException);
  const unknown = await rejection(
    idp.send(
      new UpdateUserPoolClientCommand({
        UserPoolId,
        ClientId,
        AllowedOAuthScopes: ["https://api.example.com/write"],
      }),
    ),
  );
  expect(unknown).toBeInstanceOf(ScopeDoesNotExistException);
  expect(unknown.message).toBe("Invalid scope requested: https://api.example.com/write");
}
