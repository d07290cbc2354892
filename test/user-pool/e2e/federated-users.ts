// Federated users through the SDK: AdminLinkProviderForUser and AdminDisableProviderForUser with
// Cognito's refusals, the `identities` attribute (AdminGetUser, ListUsers) and claim (the ID
// token), the attribute never writable by any API, and a native user's password disabled.
import {
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminLinkProviderForUserCommand,
  AdminRespondToAuthChallengeCommand,
  AdminUpdateUserAttributesCommand,
  CreateIdentityProviderCommand,
  InvalidParameterException,
  LimitExceededException,
  ListUsersCommand,
  NotAuthorizedException,
  ResourceNotFoundException,
  SignUpCommand,
  UpdateUserAttributesCommand,
  UserNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import {
  attrs,
  claimsOf,
  client,
  confirmedUser,
  passwordSignIn,
  poolWithClient,
  rejection,
  type Target,
} from "./target.js";

const PASSWORD = "Federated-Pass-1";
const MERGING =
  "Merging is not currently supported, provide a SourceUser that has not been signed up in order to link";

export async function federatedUsers(target: Target): Promise<void> {
  const idp = client(target);
  const { poolId: UserPoolId, clientId } = await poolWithClient(target);
  await idp.send(
    new CreateIdentityProviderCommand({
      UserPoolId,
      ProviderName: "Google",
      ProviderType: "Google",
      ProviderDetails: { client_id: "g", client_secret: "gs", authorize_scopes: "openid email" },
      AttributeMapping: { email: "email" },
    }),
  );
  await idp.send(
    new CreateIdentityProviderCommand({
      UserPoolId,
      ProviderName: "Corp",
      ProviderType: "OIDC",
      ProviderDetails: {
        client_id: "c",
        client_secret: "cs",
        authorize_scopes: "openid email",
        attributes_request_method: "GET",
        oidc_issuer: "https://idp.corp.example",
      },
      AttributeMapping: { email: "email" },
    }),
  );
  await confirmedUser(target, UserPoolId, "ann", PASSWORD, { email: "ann@example.com" });
  await confirmedUser(target, UserPoolId, "bob", PASSWORD);
  const link = (source: Record<string, string>, destination = "ann") =>
    idp.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId,
        DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: destination },
        SourceUser: source,
      }),
    );
  const google = (subject: string) => ({
    ProviderName: "Google",
    ProviderAttributeName: "Cognito_Subject",
    ProviderAttributeValue: subject,
  });
  const identitiesOf = async (Username: string) => {
    const stored = attrs(
      (await idp.send(new AdminGetUserCommand({ UserPoolId, Username }))).UserAttributes,
    ).identities;
    return stored === undefined ? undefined : (JSON.parse(stored) as Record<string, unknown>[]);
  };

  // A link: the identity is listed on the user, in the attribute (a JSON string) and the ID token.
  const before = Date.now();
  expect(await link(google("g-ann"))).toBeDefined();
  const listed = (await identitiesOf("ann"))!;
  expect(listed).toEqual([
    {
      userId: "g-ann",
      providerName: "Google",
      providerType: "Google",
      issuer: null,
      primary: false,
      dateCreated: expect.any(Number),
    },
  ]);
  expect(listed[0]!.dateCreated as number).toBeGreaterThanOrEqual(before - 60_000);
  const ann = await idp.send(new AdminGetUserCommand({ UserPoolId, Username: "ann" }));
  expect(ann.UserStatus).toBe("CONFIRMED");
  expect(typeof attrs(ann.UserAttributes).identities).toBe("string");
  const tokens = await passwordSignIn(target, clientId, "ann", PASSWORD);
  const id = claimsOf(tokens.IdToken!);
  expect(id.identities).toEqual([
    {
      userId: "g-ann",
      providerName: "Google",
      providerType: "Google",
      issuer: null,
      primary: "false",
      dateCreated: String(listed[0]!.dateCreated),
    },
  ]);
  // A linked user is not in the provider's automatic group [doc].
  expect(id).not.toHaveProperty("cognito:groups");
  expect(claimsOf(tokens.AccessToken!)).not.toHaveProperty("identities");
  const listedUsers = await idp.send(new ListUsersCommand({ UserPoolId, Filter: 'username = "ann"' }));
  expect(JSON.parse(attrs(listedUsers.Users![0]!.Attributes).identities!)).toEqual(listed);

  // Linking it again changes nothing; another user cannot take it.
  await link(google("g-ann"));
  expect(await identitiesOf("ann")).toEqual(listed);
  expect(await rejection(link(google("g-ann"), "bob"))).toMatchObject({
    name: InvalidParameterException.name,
    message: MERGING,
  });
  // An OIDC identity linked by a mapped pool attribute before its first sign-in.
  await link({
    ProviderName: "Corp",
    ProviderAttributeName: "email",
    ProviderAttributeValue: "ann@corp.example",
  });
  expect((await identitiesOf("ann"))!.map((i) => [i.providerName, i.providerType, i.userId])).toEqual([
    ["Google", "Google", "g-ann"],
    ["Corp", "OIDC", "ann@corp.example"],
  ]);
  // Five links at most.
  for (const subject of ["g-2", "g-3", "g-4"]) await link(google(subject));
  expect(await rejection(link(google("g-5")))).toBeInstanceOf(LimitExceededException);
  expect(await identitiesOf("ann")).toHaveLength(5);

  // The refusals.
  expect(
    await rejection(
      link({
        ProviderName: "Cognito",
        ProviderAttributeName: "Cognito_Subject",
        ProviderAttributeValue: "bob",
      }),
    ),
  ).toMatchObject({
    name: InvalidParameterException.name,
    message:
      "Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser",
  });
  expect(await rejection(link({ ...google("x"), ProviderName: "Nope" }))).toBeInstanceOf(
    ResourceNotFoundException,
  );
  expect(await rejection(link({ ...google("x"), ProviderAttributeName: "email" }))).toBeInstanceOf(
    InvalidParameterException,
  );
  expect(await rejection(link(google("x"), "nobody"))).toBeInstanceOf(UserNotFoundException);
  expect(await rejection(link({ ProviderName: "Google" }))).toBeInstanceOf(InvalidParameterException);
  expect(
    await rejection(
      idp.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: "us-east-1_Nowhere00",
          DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: "ann" },
          SourceUser: google("x"),
        }),
      ),
    ),
  ).toBeInstanceOf(ResourceNotFoundException);

  // `identities` is written by federation only.
  const identities = [{ Name: "identities", Value: "[]" }];
  for (const refused of [
    () =>
      idp.send(
        new AdminUpdateUserAttributesCommand({ UserPoolId, Username: "ann", UserAttributes: identities }),
      ),
    () =>
      idp.send(
        new AdminDeleteUserAttributesCommand({
          UserPoolId,
          Username: "ann",
          UserAttributeNames: ["identities"],
        }),
      ),
    () =>
      idp.send(
        new AdminCreateUserCommand({
          UserPoolId,
          Username: "carl",
          MessageAction: "SUPPRESS",
          UserAttributes: identities,
        }),
      ),
    () =>
      client(target, "anyone").send(
        new SignUpCommand({
          ClientId: clientId,
          Username: "dora",
          Password: PASSWORD,
          UserAttributes: identities,
        }),
      ),
    () =>
      client(target, "anyone").send(
        new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken!, UserAttributes: identities }),
      ),
  ])
    expect(await rejection(refused())).toBeInstanceOf(InvalidParameterException);
  expect(await identitiesOf("ann")).toHaveLength(5);
  // Nor through NEW_PASSWORD_REQUIRED's attributes.
  await idp.send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username: "erin",
      MessageAction: "SUPPRESS",
      TemporaryPassword: "Temporary-Pass-1",
    }),
  );
  const challenge = await idp.send(
    new AdminInitiateAuthCommand({
      UserPoolId,
      ClientId: clientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "erin", PASSWORD: "Temporary-Pass-1" },
    }),
  );
  expect(challenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
  expect(
    await rejection(
      idp.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId,
          ClientId: clientId,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: "erin", NEW_PASSWORD: PASSWORD, "userAttributes.identities": "[]" },
        }),
      ),
    ),
  ).toBeInstanceOf(InvalidParameterException);
  expect(await identitiesOf("erin")).toBeUndefined();

  // Disabling: a link by its subject, one by its attribute, then the native user's password.
  const disable = (user: Record<string, string>) =>
    idp.send(new AdminDisableProviderForUserCommand({ UserPoolId, User: user }));
  await disable(google("g-ann"));
  await disable({
    ProviderName: "Corp",
    ProviderAttributeName: "email",
    ProviderAttributeValue: "ann@corp.example",
  });
  expect((await identitiesOf("ann"))!.map((i) => i.userId)).toEqual(["g-2", "g-3", "g-4"]);
  expect(await rejection(disable(google("g-ann")))).toBeInstanceOf(UserNotFoundException);
  expect(await rejection(disable({ ...google("g-2"), ProviderName: "Nope" }))).toBeInstanceOf(
    ResourceNotFoundException,
  );
  // The freed identity can be linked elsewhere.
  await link(google("g-ann"), "bob");
  expect((await identitiesOf("bob"))!.map((i) => i.userId)).toEqual(["g-ann"]);
  await disable({
    ProviderName: "Cognito",
    ProviderAttributeName: "Cognito_Subject",
    ProviderAttributeValue: "ann",
  });
  expect(await rejection(passwordSignIn(target, clientId, "ann", PASSWORD))).toBeInstanceOf(
    NotAuthorizedException,
  );
  expect(await identitiesOf("ann")).toHaveLength(3);
}
