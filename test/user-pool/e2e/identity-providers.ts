// Identity providers: every operation through the SDK, per-type details (auto keys, hidden
// Apple key), identifiers, whole-replacement updates, pagination, app clients listing IdPs (SAML in
// ./saml-providers.ts).
import {
  CreateIdentityProviderCommand,
  DeleteIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  DuplicateProviderException,
  GetIdentityProviderByIdentifierCommand,
  InvalidParameterException,
  ListIdentityProvidersCommand,
  ResourceNotFoundException,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { client, poolWithClient, rejection, type Target } from "./target.js";

const OIDC_DETAILS = {
  client_id: "corp-client",
  client_secret: "corp-secret",
  authorize_scopes: "openid email",
  attributes_request_method: "GET",
  oidc_issuer: "https://idp.corp.example",
};

export async function identityProviders(target: Target): Promise<void> {
  const idp = client(target);
  const { poolId: UserPoolId, clientId: ClientId } = await poolWithClient(target, {
    Schema: [{ Name: "tenant", AttributeDataType: "String", Mutable: true }],
  });

  const google = (
    await idp.send(
      new CreateIdentityProviderCommand({
        UserPoolId,
        ProviderName: "Google",
        ProviderType: "Google",
        ProviderDetails: {
          client_id: "g-id",
          client_secret: "g-secret",
          authorize_scopes: "openid email profile",
        },
        AttributeMapping: { email: "email" },
      }),
    )
  ).IdentityProvider!;
  expect(google).toMatchObject({
    UserPoolId,
    ProviderName: "Google",
    ProviderType: "Google",
    ProviderDetails: {
      client_id: "g-id",
      client_secret: "g-secret",
      authorize_url: "https://accounts.google.com/o/oauth2/v2/auth",
      oidc_issuer: "https://accounts.google.com",
    },
    AttributeMapping: { email: "email", username: "sub" },
    IdpIdentifiers: [],
  });
  expect(google.CreationDate).toBeInstanceOf(Date);
  expect(Math.abs(google.CreationDate!.getTime() - Date.now())).toBeLessThan(5 * 60_000);

  await idp.send(
    new CreateIdentityProviderCommand({
      UserPoolId,
      ProviderName: "Corp",
      ProviderType: "OIDC",
      ProviderDetails: OIDC_DETAILS,
      AttributeMapping: { "custom:tenant": "tid" },
      IdpIdentifiers: ["corp.example", "corp"],
      AcrMapping: { Level1: "urn:corp:low" },
    }),
  );
  const apple = (
    await idp.send(
      new CreateIdentityProviderCommand({
        UserPoolId,
        ProviderName: "SignInWithApple",
        ProviderType: "SignInWithApple",
        ProviderDetails: {
          client_id: "com.example.web",
          team_id: "TEAMID1234",
          key_id: "KEYID12345",
          private_key: "-----BEGIN PRIVATE KEY-----\nMIGT\n-----END PRIVATE KEY-----",
          authorize_scopes: "email name",
        },
      }),
    )
  ).IdentityProvider!;
  expect(apple.ProviderDetails).not.toHaveProperty("private_key");

  // Cognito's refusals.
  expect(
    await rejection(
      idp.send(
        new CreateIdentityProviderCommand({
          UserPoolId,
          ProviderName: "Google",
          ProviderType: "Google",
          ProviderDetails: { client_id: "x", client_secret: "y", authorize_scopes: "openid" },
        }),
      ),
    ),
  ).toBeInstanceOf(DuplicateProviderException);
  const misnamed = await rejection(
    idp.send(
      new CreateIdentityProviderCommand({
        UserPoolId,
        ProviderName: "example",
        ProviderType: "Facebook",
        ProviderDetails: { client_id: "x", client_secret: "y", authorize_scopes: "email" },
      }),
    ),
  );
  expect(misnamed).toBeInstanceOf(InvalidParameterException);
  expect((misnamed as Error).message).toBe("Provider example cannot be of type Facebook.");
  const taken = await rejection(
    idp.send(
      new CreateIdentityProviderCommand({
        UserPoolId,
        ProviderName: "Other",
        ProviderType: "OIDC",
        ProviderDetails: OIDC_DETAILS,
        IdpIdentifiers: ["corp"],
      }),
    ),
  );
  expect(taken).toBeInstanceOf(DuplicateProviderException);
  const badMapping = await rejection(
    idp.send(
      new CreateIdentityProviderCommand({
        UserPoolId,
        ProviderName: "Other",
        ProviderType: "OIDC",
        ProviderDetails: OIDC_DETAILS,
        AttributeMapping: { "custom:zen_groups": "groups" },
      }),
    ),
  );
  expect((badMapping as Error).message).toBe(
    "AttributeMapping contains invalid mapping: [custom:zen_groups]",
  );
  // Identifiers and Describe.
  const byIdentifier = await idp.send(
    new GetIdentityProviderByIdentifierCommand({ UserPoolId, IdpIdentifier: "corp" }),
  );
  expect(byIdentifier.IdentityProvider).toMatchObject({
    ProviderName: "Corp",
    ProviderDetails: { ...OIDC_DETAILS, attributes_url_add_attributes: "false" },
    AttributeMapping: { "custom:tenant": "tid", username: "sub" },
    IdpIdentifiers: ["corp", "corp.example"],
    AcrMapping: { Level1: "urn:corp:low" },
  });
  expect(
    await rejection(
      idp.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId, IdpIdentifier: "nobody" })),
    ),
  ).toBeInstanceOf(ResourceNotFoundException);

  // Update replaces what it is given; the secret left out is kept.
  const { client_secret: _secret, ...withoutSecret } = OIDC_DETAILS;
  const updated = (
    await idp.send(
      new UpdateIdentityProviderCommand({
        UserPoolId,
        ProviderName: "Corp",
        ProviderDetails: { ...withoutSecret, authorize_scopes: "openid profile" },
        IdpIdentifiers: ["corp.example.org"],
      }),
    )
  ).IdentityProvider!;
  expect(updated).toMatchObject({
    ProviderDetails: { client_secret: "corp-secret", authorize_scopes: "openid profile" },
    AttributeMapping: { "custom:tenant": "tid", username: "sub" },
    IdpIdentifiers: ["corp.example.org"],
  });
  expect(updated.LastModifiedDate!.getTime()).toBeGreaterThanOrEqual(updated.CreationDate!.getTime());
  expect(
    (await idp.send(new DescribeIdentityProviderCommand({ UserPoolId, ProviderName: "Corp" })))
      .IdentityProvider,
  ).toEqual(updated);

  // App clients may list the pool's providers, and no others.
  await idp.send(
    new UpdateUserPoolClientCommand({
      UserPoolId,
      ClientId,
      SupportedIdentityProviders: ["COGNITO", "Google", "Corp"],
    }),
  );
  expect(
    (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId }))).UserPoolClient
      ?.SupportedIdentityProviders,
  ).toEqual(["COGNITO", "Google", "Corp"]);
  const unknown = await rejection(
    idp.send(new UpdateUserPoolClientCommand({ UserPoolId, ClientId, SupportedIdentityProviders: ["Okta"] })),
  );
  expect((unknown as Error).message).toBe(`The provider Okta does not exist for User Pool ${UserPoolId}.`);

  // Listing, a page at a time.
  const first = await idp.send(new ListIdentityProvidersCommand({ UserPoolId, MaxResults: 2 }));
  const rest = await idp.send(
    new ListIdentityProvidersCommand({ UserPoolId, MaxResults: 2, NextToken: first.NextToken }),
  );
  expect([...first.Providers!, ...rest.Providers!].map((p) => [p.ProviderName, p.ProviderType])).toEqual([
    ["Corp", "OIDC"],
    ["Google", "Google"],
    ["SignInWithApple", "SignInWithApple"],
  ]);
  expect(rest.NextToken).toBeUndefined();
  expect(first.Providers![0]!.CreationDate).toBeInstanceOf(Date);

  // Delete: the provider and its identifiers go.
  await idp.send(new DeleteIdentityProviderCommand({ UserPoolId, ProviderName: "Corp" }));
  expect(
    await rejection(idp.send(new DescribeIdentityProviderCommand({ UserPoolId, ProviderName: "Corp" }))),
  ).toBeInstanceOf(ResourceNotFoundException);
  expect(
    await rejection(
      idp.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId, IdpIdentifier: "corp.example.org" })),
    ),
  ).toBeInstanceOf(ResourceNotFoundException);
  expect(
    await rejection(idp.send(new DeleteIdentityProviderCommand({ UserPoolId, ProviderName: "Corp" }))),
  ).toBeInstanceOf(ResourceNotFoundException);
}
