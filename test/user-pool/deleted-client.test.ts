// A deleted app client's access tokens die with it: its WriteAttributes and ReadAttributes can no
// longer be applied, and a client that is gone must not become one without limits.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  DeleteUserAttributesCommand,
  DeleteUserPoolClientCommand,
  GetUserCommand,
  InitiateAuthCommand,
  UpdateUserAttributesCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { rejection, usersServer } from "./users-setup.js";

const env = usersServer();

describe("a deleted app client", () => {
  it("takes its tokens with it: GetUser, UpdateUserAttributes and DeleteUserAttributes refuse them", async () => {
    const poolId = await env.newPool({
      Schema: [{ Name: "ro", AttributeDataType: "String", Mutable: true }],
    });
    const { UserPoolClient } = await env.admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "narrow",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        WriteAttributes: ["nickname"],
      }),
    );
    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "dee",
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "custom:ro", Value: "kept" }],
      }),
    );
    await env.admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: "dee",
        Password: "Deleted-Client-1",
        Permanent: true,
      }),
    );
    const { AuthenticationResult } = await env.anyone().send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: UserPoolClient!.ClientId,
        AuthParameters: { USERNAME: "dee", PASSWORD: "Deleted-Client-1" },
      }),
    );
    const AccessToken = AuthenticationResult!.AccessToken!;
    expect((await env.anyone().send(new GetUserCommand({ AccessToken }))).Username).toBe("dee");
    await env
      .admin()
      .send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: UserPoolClient!.ClientId }));
    for (const call of [
      env.anyone().send(new GetUserCommand({ AccessToken })),
      env.anyone().send(
        new UpdateUserAttributesCommand({
          AccessToken,
          UserAttributes: [{ Name: "custom:ro", Value: "changed" }],
        }),
      ),
      env.anyone().send(new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ["custom:ro"] })),
    ]) {
      expect(await rejection(call)).toMatchObject({
        name: "NotAuthorizedException",
        message: "Access Token has been revoked",
      });
    }
  });
});
