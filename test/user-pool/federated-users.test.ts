// Federated users on the Node entry: users made by federatedSignIn (as /oauth2/idpresponse and
// /saml2/idpresponse call it) on the server's own database, then seen and handled through the AWS
// SDK (AdminGetUser, ListUsers, ListGroups, the EXTERNAL_PROVIDER refusals, linking, deletion),
// and their tokens (as the token endpoint signs them) accepted by authorizer() and the gateway.
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminLinkProviderForUserCommand,
  AdminListGroupsForUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  DeleteIdentityProviderCommand,
  ForgotPasswordCommand,
  GetGroupCommand,
  InitiateAuthCommand,
  ListUsersCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { authorizer } from "../../src/index.js";
import { oauthTokens } from "../../src/oauth/tokens.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";
import { userPoolContext, type UserPoolContext } from "../../src/user-pool/context.js";
import { federatedSignIn } from "../../src/user-pool/federation/federated-sign-in.js";
import { generateMasterKey } from "../../src/runtime/master-key.js";
import { startGateway, startUpstream, type Seen } from "../gateway/servers.js";
import { attrs, rejection, usersServer } from "./users-setup.js";

const MASTER_KEY = generateMasterKey();
const env = usersServer({ COGNATE_MASTER_KEY: MASTER_KEY });
const PASSWORD = "Native-Pass-123";
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

let context: UserPoolContext | undefined;
/** A user-pool context on the server's own database and master key (as its OAuth endpoints have). */
const ctx = () =>
  (context ??= userPoolContext({
    storage: sqliteDriver(openSqliteDatabase(env.database())),
    masterKey: MASTER_KEY,
    region: "us-east-1",
  }));

async function federatedPool() {
  const poolId = await env.newPool({
    Schema: [{ Name: "email", AttributeDataType: "String", Required: true, Mutable: true }],
  });
  const clientId = (
    await env.admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "web",
        ExplicitAuthFlows: [
          "ALLOW_ADMIN_USER_PASSWORD_AUTH",
          "ALLOW_USER_PASSWORD_AUTH",
          "ALLOW_REFRESH_TOKEN_AUTH",
        ],
      }),
    )
  ).UserPoolClient!.ClientId!;
  await env.admin().send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: "Google",
      ProviderType: "Google",
      ProviderDetails: {
        client_id: "g",
        client_secret: "g-secret",
        authorize_scopes: "openid email profile",
      },
      AttributeMapping: { email: "email", email_verified: "email_verified", name: "name" },
    }),
  );
  const store = await ctx().store();
  const pool = (await store.pools.get(poolId))!;
  const google = (await store.identityProviders.get(poolId, "Google"))!;
  const signIn = async (subject: string, claims: Record<string, unknown>) => {
    const result = await federatedSignIn(ctx(), pool, { provider: google, subject, claims });
    if ("error" in result) throw new Error(`${result.error}: ${result.description}`);
    return result.user;
  };
  const tokensOf = async (sub: string) => {
    const user = (await store.users.getBySub(poolId, sub))!;
    const client = (await store.clients.get(poolId, clientId))!;
    return oauthTokens(ctx(), {
      client,
      user,
      scopes: ["openid", "profile"],
      authTime: Date.now(),
      amr: ["fed"],
      familyId: crypto.randomUUID(),
      issuer: `${env.url()}/${poolId}`,
    });
  };
  return { poolId, clientId, pool, google, store, signIn, tokensOf };
}

describe("federated users", () => {
  it("are EXTERNAL_PROVIDER users with their identities attribute, in their provider's group", async () => {
    const { poolId, signIn } = await federatedPool();
    const user = await signIn("1026AbC", {
      sub: "1026AbC",
      email: "ann@example.com",
      email_verified: true,
      name: "Ann",
    });
    const seen = await env
      .admin()
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "google_1026abc" }));
    expect(seen.UserStatus).toBe("EXTERNAL_PROVIDER");
    expect(seen.Enabled).toBe(true);
    const attributes = attrs(seen.UserAttributes);
    expect(attributes).toMatchObject({
      sub: user.sub,
      email: "ann@example.com",
      email_verified: "true",
      name: "Ann",
    });
    expect(JSON.parse(attributes.identities!)).toEqual([
      {
        userId: "1026AbC",
        providerName: "Google",
        providerType: "Google",
        issuer: null,
        primary: true,
        dateCreated: user.createdAt,
      },
    ]);
    const listed = await env
      .admin()
      .send(new ListUsersCommand({ UserPoolId: poolId, Filter: `sub = "${user.sub}"` }));
    expect(listed.Users!.map((u) => [u.Username, u.UserStatus])).toEqual([
      ["google_1026abc", "EXTERNAL_PROVIDER"],
    ]);
    expect(attrs(listed.Users![0]!.Attributes).identities).toBe(attributes.identities);
    const group = await env
      .admin()
      .send(new GetGroupCommand({ UserPoolId: poolId, GroupName: `${poolId}_Google` }));
    expect(group.Group!.Description).toBe("Autogenerated group for users who sign in using Google");
    const groups = await env
      .admin()
      .send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "google_1026abc" }));
    expect(groups.Groups!.map((g) => g.GroupName)).toEqual([`${poolId}_Google`]);
  });

  it("cannot sign in, reset or be given a password through the API", async () => {
    const { poolId, clientId, signIn } = await federatedPool();
    await signIn("77", { email: "bo@example.com", email_verified: true });
    const name = "google_77";
    const refusals = [
      await rejection(
        env.admin().send(
          new AdminInitiateAuthCommand({
            UserPoolId: poolId,
            ClientId: clientId,
            AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: name, PASSWORD: "Anything-123" },
          }),
        ),
      ),
      await rejection(
        env.anyone().send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: "USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: name, PASSWORD: "Anything-123" },
          }),
        ),
      ),
      await rejection(env.anyone().send(new ForgotPasswordCommand({ ClientId: clientId, Username: name }))),
      await rejection(
        env.admin().send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: name })),
      ),
      await rejection(
        env.admin().send(
          new AdminSetUserPasswordCommand({
            UserPoolId: poolId,
            Username: name,
            Password: PASSWORD,
            Permanent: true,
          }),
        ),
      ),
    ];
    expect(refusals.map((e) => [e.name, e.message])).toEqual([
      ["NotAuthorizedException", "Incorrect username or password."],
      ["NotAuthorizedException", "Incorrect username or password."],
      ["NotAuthorizedException", "User password cannot be reset in the current state."],
      ["NotAuthorizedException", "User password cannot be reset in the current state."],
      ["InvalidParameterException", "Cannot set a password for a user of an external identity provider."],
    ]);
    const after = await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: name }));
    expect(after.UserStatus).toBe("EXTERNAL_PROVIDER");
  });

  it("signs a linked identity in as the native user; unlinked or deleted, it makes its own user", async () => {
    const { poolId, signIn, store } = await federatedPool();
    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "carol",
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "email", Value: "carol@example.com" }],
      }),
    );
    const carol = attrs(
      (await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "carol" })))
        .UserAttributes,
    );
    await env.admin().send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: poolId,
        DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: "carol" },
        SourceUser: {
          ProviderName: "Google",
          ProviderAttributeName: "Cognito_Subject",
          ProviderAttributeValue: "g-carol",
        },
      }),
    );
    // The identity signs in as carol; the mapping writes carol's mutable attributes.
    const signedIn = await signIn("g-carol", { email: "carol@example.com", name: "Carol G" });
    expect(signedIn).toMatchObject({ sub: carol.sub, username: "carol", status: "FORCE_CHANGE_PASSWORD" });
    expect(signedIn.attributes).toMatchObject({ email: "carol@example.com", name: "Carol G" });
    expect(await store.users.get(poolId, "google_g-carol")).toBeNull();
    // A federated user may be a destination too (by its provider and subject).
    const dan = await signIn("g-dan", { email: "dan@example.com" });
    await env.admin().send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: poolId,
        DestinationUser: { ProviderName: "Google", ProviderAttributeValue: "g-dan" },
        SourceUser: {
          ProviderName: "Google",
          ProviderAttributeName: "Cognito_Subject",
          ProviderAttributeValue: "g-dan2",
        },
      }),
    );
    expect((await signIn("g-dan2", { email: "dan2@example.com" })).sub).toBe(dan.sub);
    // Deleting the destination takes its links with it: the identity's next sign-in makes a user.
    await env.admin().send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "carol" }));
    const fresh = await signIn("g-carol", { email: "carol@example.com" });
    expect(fresh.username).toBe("google_g-carol");
    expect(fresh.sub).not.toBe(carol.sub);
    // [?] Deleting the provider leaves its users and their identities.
    await env.admin().send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Google" }));
    const kept = await env
      .admin()
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "google_g-carol" }));
    expect(JSON.parse(attrs(kept.UserAttributes).identities!)[0].userId).toBe("g-carol");
  });

  it("is kept from signing in once its own identity is disabled, until the user is deleted", async () => {
    const { poolId, pool, google, signIn } = await federatedPool();
    const first = await signIn("dis-1", { email: "f@example.com" });
    await env.admin().send(
      new AdminDisableProviderForUserCommand({
        UserPoolId: poolId,
        User: {
          ProviderName: "Google",
          ProviderAttributeName: "Cognito_Subject",
          ProviderAttributeValue: "dis-1",
        },
      }),
    );
    const kept = await env
      .admin()
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "google_dis-1" }));
    expect(kept.UserStatus).toBe("EXTERNAL_PROVIDER");
    expect(attrs(kept.UserAttributes)).not.toHaveProperty("identities");
    // [?] The name is the disabled identity's user's: the sign-in is refused in Cognito's collision words.
    expect(
      await federatedSignIn(ctx(), pool, {
        provider: google,
        subject: "dis-1",
        claims: { email: "f@example.com" },
      }),
    ).toEqual({
      error: "invalid_request",
      description: "Already found an entry for username google_dis-1",
    });
    await env.admin().send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "google_dis-1" }));
    const again = await signIn("dis-1", { email: "f@example.com" });
    expect(again.username).toBe("google_dis-1");
    expect(again.sub).not.toBe(first.sub);
  });

  it("are signed in with tokens authorizer() and the gateway accept, the automatic group in both tokens", async () => {
    const { poolId, clientId, signIn, tokensOf } = await federatedPool();
    const user = await signIn("555", { email: "eve@example.com", name: "Eve" });
    const tokens = await tokensOf(user.sub);
    const id = claimsOf(tokens.id_token!);
    const access = claimsOf(tokens.access_token);
    expect(id).toMatchObject({
      sub: user.sub,
      "cognito:username": "google_555",
      "cognito:groups": [`${poolId}_Google`],
      email: "eve@example.com",
      email_verified: false,
      identities: [
        {
          userId: "555",
          providerName: "Google",
          providerType: "Google",
          issuer: null,
          primary: "true",
          dateCreated: String(user.createdAt),
        },
      ],
    });
    expect(access).toMatchObject({
      sub: user.sub,
      username: "google_555",
      "cognito:groups": [`${poolId}_Google`],
    });

    const issuers = (tokenUse: "access" | "id") => [
      { type: "cognito" as const, userPoolId: poolId, clientId, tokenUse, issuer: `${env.url()}/${poolId}` },
    ];
    const api = new Hono();
    api.use("/id/*", authorizer({ issuers: issuers("id"), cache: false }));
    api.use(
      "/access/*",
      authorizer({ issuers: issuers("access"), groups: [`${poolId}_Google`], cache: false }),
    );
    api.get("*", (c) => c.text("ok"));
    for (const [path, token] of [
      ["/id/me", tokens.id_token!],
      ["/access/me", tokens.access_token],
    ] as const)
      expect((await api.request(path, { headers: { authorization: `Bearer ${token}` } })).status, path).toBe(
        200,
      );

    const upstream = await startUpstream();
    cleanups.push(upstream.close);
    const gateway = await startGateway({
      routes: [
        { path: "/api/*", upstream: upstream.url, auth: { issuers: issuers("access"), cache: false } },
      ],
    });
    cleanups.push(gateway.close);
    const res = await fetch(`${gateway.url}/api/orders`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(res.status).toBe(200);
    const { headers } = (await res.json()) as Seen;
    expect(headers["x-cognate-sub"]).toBe(user.sub);
    expect(headers["x-cognate-username"]).toBe("google_555");
    expect(headers["x-cognate-groups"]).toBe(`${poolId}_Google`);
  });
});
