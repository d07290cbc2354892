// App client secret rotation (AddUserPoolClientSecret, ListUserPoolClientSecrets,
// DeleteUserPoolClientSecret): a second secret is added, the client accepts either one for
// SECRET_HASH, GetTokensFromRefreshToken's and RevokeToken's ClientSecret and ForgotPassword's
// SecretHash, the original is deleted (and leaves DescribeUserPoolClient), and it is refused after.
import {
  AddUserPoolClientSecretCommand,
  DeleteUserPoolClientSecretCommand,
  DescribeUserPoolClientCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  ListUserPoolClientSecretsCommand,
  RevokeTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { secretHashOf } from "../auth-helpers.js";
import { client, confirmedUser, poolWithClient, rejection, type Target } from "./target.js";

const PASSWORD = "Rotate-Secret-Pass-1";

export async function clientSecretRotation(target: Target): Promise<void> {
  const idp = client(target);
  const anyone = client(target, "anyone");
  const { poolId, clientId, clientSecret } = await poolWithClient(target, {}, { GenerateSecret: true });
  const UserPoolId = poolId;
  const ClientId = clientId;
  const original = clientSecret!;
  await confirmedUser(target, poolId, "rita", PASSWORD);
  const signIn = (secret: string) =>
    anyone.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId,
        AuthParameters: { USERNAME: "rita", PASSWORD, SECRET_HASH: secretHashOf("rita", ClientId, secret) },
      }),
    );

  // The original secret is listed, under the client's creation time.
  const { ClientSecrets: before } = await idp.send(
    new ListUserPoolClientSecretsCommand({ UserPoolId, ClientId }),
  );
  expect(before).toHaveLength(1);
  const originalId = before![0]!.ClientSecretId!;
  expect(originalId).toMatch(new RegExp(`^${ClientId}--\\d{13}$`));
  expect(before![0]).not.toHaveProperty("ClientSecretValue");
  expect(
    await rejection(
      idp.send(new DeleteUserPoolClientSecretCommand({ UserPoolId, ClientId, ClientSecretId: originalId })),
    ),
  ).toMatchObject({
    name: "InvalidParameterException",
    message: "Cannot delete the only client secret.",
  });

  // A generated second secret: its value comes back once.
  const { ClientSecretDescriptor: added } = await idp.send(
    new AddUserPoolClientSecretCommand({ UserPoolId, ClientId }),
  );
  const second = added!.ClientSecretValue!;
  expect(second).toMatch(/^[a-z0-9]{51}$/);
  expect(added!.ClientSecretId).toMatch(new RegExp(`^${ClientId}--\\d{13}$`));
  expect(added!.ClientSecretCreateDate).toBeInstanceOf(Date);
  expect(
    await rejection(
      idp.send(new AddUserPoolClientSecretCommand({ UserPoolId, ClientId, ClientSecret: "x".repeat(30) })),
    ),
  ).toMatchObject({
    name: "LimitExceededException",
    message: "Client secrets cannot exceed limit of 2 secrets.",
  });
  const { ClientSecrets: both } = await idp.send(
    new ListUserPoolClientSecretsCommand({ UserPoolId, ClientId }),
  );
  expect(both!.map((s) => s.ClientSecretId)).toEqual([originalId, added!.ClientSecretId]);
  expect(both!.every((s) => s.ClientSecretValue === undefined)).toBe(true);

  // Both secrets work everywhere a secret is checked.
  const viaOriginal = await signIn(original);
  const viaSecond = await signIn(second);
  expect(viaSecond.AuthenticationResult?.RefreshToken).toBeDefined();
  expect(
    (
      await anyone.send(
        new GetTokensFromRefreshTokenCommand({
          ClientId,
          ClientSecret: second,
          RefreshToken: viaSecond.AuthenticationResult!.RefreshToken!,
        }),
      )
    ).AuthenticationResult?.AccessToken,
  ).toBeDefined();
  await anyone
    .send(
      new ForgotPasswordCommand({
        ClientId,
        Username: "rita",
        SecretHash: secretHashOf("rita", ClientId, second),
      }),
    )
    .catch((error: Error) => expect(error.name).not.toBe("NotAuthorizedException"));
  await anyone.send(
    new RevokeTokenCommand({
      ClientId,
      ClientSecret: second,
      Token: viaOriginal.AuthenticationResult!.RefreshToken!,
    }),
  );
  expect(await rejection(signIn("wrong-secret-0123456789abcdefghij"))).toMatchObject({
    name: "NotAuthorizedException",
    message: `Unable to verify secret hash for client ${ClientId}`,
  });

  // The original goes: Describe no longer shows a secret, and only the second one works.
  await idp.send(new DeleteUserPoolClientSecretCommand({ UserPoolId, ClientId, ClientSecretId: originalId }));
  const { UserPoolClient } = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId }));
  expect(UserPoolClient).not.toHaveProperty("ClientSecret");
  expect(await rejection(signIn(original))).toMatchObject({
    name: "NotAuthorizedException",
    message: `Unable to verify secret hash for client ${ClientId}`,
  });
  expect(
    await rejection(
      anyone.send(
        new RevokeTokenCommand({
          ClientId,
          ClientSecret: original,
          Token: viaSecond.AuthenticationResult!.RefreshToken!,
        }),
      ),
    ),
  ).toMatchObject({ name: "NotAuthorizedException" });
  expect((await signIn(second)).AuthenticationResult?.IdToken).toBeDefined();
  // Still confidential: no secret hash is refused.
  expect(
    await rejection(
      anyone.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId,
          AuthParameters: { USERNAME: "rita", PASSWORD },
        }),
      ),
    ),
  ).toMatchObject({ name: "NotAuthorizedException" });

  // A custom third secret replaces nothing until the second is deleted; the last one stays.
  const custom = "Custom_secret+0123456789abcdef";
  const { ClientSecretDescriptor: third } = await idp.send(
    new AddUserPoolClientSecretCommand({ UserPoolId, ClientId, ClientSecret: custom }),
  );
  expect(third).not.toHaveProperty("ClientSecretValue");
  await idp.send(
    new DeleteUserPoolClientSecretCommand({ UserPoolId, ClientId, ClientSecretId: added!.ClientSecretId! }),
  );
  expect((await signIn(custom)).AuthenticationResult?.IdToken).toBeDefined();
  expect(await rejection(signIn(second))).toMatchObject({ name: "NotAuthorizedException" });
  expect(
    await rejection(
      idp.send(
        new DeleteUserPoolClientSecretCommand({
          UserPoolId,
          ClientId,
          ClientSecretId: third!.ClientSecretId!,
        }),
      ),
    ),
  ).toMatchObject({ name: "InvalidParameterException", message: "Cannot delete the only client secret." });
  expect(
    await rejection(
      idp.send(new DeleteUserPoolClientSecretCommand({ UserPoolId, ClientId, ClientSecretId: originalId })),
    ),
  ).toMatchObject({
    name: "ResourceNotFoundException",
    message: `Client secret ${originalId} does not exist.`,
  });

  // A public client has no secret to rotate; a malformed custom secret is refused.
  const { poolId: publicPool, clientId: publicId } = await poolWithClient(target);
  expect(
    await rejection(
      idp.send(new AddUserPoolClientSecretCommand({ UserPoolId: publicPool, ClientId: publicId })),
    ),
  ).toMatchObject({
    name: "InvalidParameterException",
    message: `Client ${publicId} has no client secret; a public client cannot have one.`,
  });
  expect(
    await rejection(
      idp.send(new AddUserPoolClientSecretCommand({ UserPoolId, ClientId, ClientSecret: "short" })),
    ),
  ).toMatchObject({ name: "InvalidParameterException" });
  // Another pool's client is not found.
  expect(
    await rejection(idp.send(new AddUserPoolClientSecretCommand({ UserPoolId, ClientId: publicId }))),
  ).toMatchObject({
    name: "ResourceNotFoundException",
    message: `User pool client ${publicId} does not exist.`,
  });
}
