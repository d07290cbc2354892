// Identities, their logins and the identity service's tokens, driven by
// @aws-sdk/client-cognito-identity against the real Node entry, with a cognate user pool's ID
// tokens as Logins.
import {
  CreateIdentityPoolCommand,
  DeleteIdentitiesCommand,
  DescribeIdentityCommand,
  DeveloperUserAlreadyRegisteredException,
  GetIdCommand,
  GetOpenIdTokenCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  InvalidParameterException,
  ListIdentitiesCommand,
  LookupDeveloperIdentityCommand,
  MergeDeveloperIdentitiesCommand,
  NotAuthorizedException,
  ResourceConflictException,
  ResourceNotFoundException,
  UnlinkDeveloperIdentityCommand,
  UnlinkIdentityCommand,
} from "@aws-sdk/client-cognito-identity";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, identityServer, rejection } from "./setup.js";

const { identity, url } = identityServer();
const DEV = "login.example.app";
let userPoolId: string;
let clientId: string;
let provider: string;
let poolId: string;

const idp = () =>
  new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: url(),
    credentials: ADMIN,
    maxAttempts: 1,
  });

async function signIn(username: string) {
  await idp().send(
    new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: username, MessageAction: "SUPPRESS" }),
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
  return { idToken: AuthenticationResult!.IdToken!, accessToken: AuthenticationResult!.AccessToken! };
}

async function identityPool(extra: Record<string, unknown> = {}) {
  const created = await identity().send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: "identities",
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: true,
      DeveloperProviderName: DEV,
      CognitoIdentityProviders: [{ ProviderName: provider, ClientId: clientId, ServerSideTokenCheck: true }],
      ...extra,
    }),
  );
  return created.IdentityPoolId!;
}

beforeAll(async () => {
  const pool = await idp().send(new CreateUserPoolCommand({ PoolName: "identity users" }));
  userPoolId = pool.UserPool!.Id!;
  const client = await idp().send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  clientId = client.UserPoolClient!.ClientId!;
  provider = `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
  poolId = await identityPool();
});

describe("identities through the AWS SDK v3", () => {
  it("gives a user pool's user one identity under either name of the pool, and describes its login", async () => {
    const { idToken } = await signIn("ada");
    const first = await identity().send(
      new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: idToken } }),
    );
    expect(first.IdentityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    const cognateName = `${new URL(url()).host}/${userPoolId}`;
    const again = await identity().send(
      new GetIdCommand({ IdentityPoolId: poolId, Logins: { [cognateName]: idToken } }),
    );
    expect(again.IdentityId).toBe(first.IdentityId);
    const described = await identity().send(new DescribeIdentityCommand({ IdentityId: first.IdentityId }));
    expect(described.Logins).toEqual([provider]);
    expect(described.CreationDate).toBeInstanceOf(Date);
  });

  it("issues an OpenID token a standard verifier accepts against the published keys", async () => {
    const { idToken } = await signIn("grace");
    const { IdentityId } = await identity().send(
      new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: idToken } }),
    );
    const { Token, IdentityId: same } = await identity().send(
      new GetOpenIdTokenCommand({ IdentityId, Logins: { [provider]: idToken } }),
    );
    expect(same).toBe(IdentityId);
    const jwks = createRemoteJWKSet(new URL(`${url()}/.well-known/jwks_uri`));
    const { payload, protectedHeader } = await jwtVerify(Token!, jwks, {
      issuer: url(),
      audience: poolId,
      algorithms: ["RS512"],
    });
    expect(protectedHeader).toMatchObject({ alg: "RS512", typ: "JWS" });
    expect(payload.sub).toBe(IdentityId);
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(payload.amr).toEqual([
      "authenticated",
      provider,
      expect.stringMatching(new RegExp(`^${provider}:CognitoSignIn:[0-9a-f-]{36}$`)),
    ]);
    const discovery = (await (await fetch(`${url()}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery).toMatchObject({ issuer: url(), jwks_uri: `${url()}/.well-known/jwks_uri` });
    expect(decodeProtectedHeader(Token!).kid).toBeTypeOf("string");
  });

  it("refuses a guest where the pool has none, an access token, another's identity, and the basic flow where it is off", async () => {
    const closed = await identityPool({ AllowUnauthenticatedIdentities: false, AllowClassicFlow: false });
    const guest = await rejection(identity().send(new GetIdCommand({ IdentityPoolId: closed })));
    expect(guest).toBeInstanceOf(NotAuthorizedException);
    expect(guest.message).toBe("Unauthenticated access is not supported for this identity pool.");
    const { idToken, accessToken } = await signIn("linus");
    const access = await rejection(
      identity().send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: accessToken } })),
    );
    expect(access).toBeInstanceOf(NotAuthorizedException);
    expect(access.message).toBe("Invalid login token. Missing a required claim: aud");
    const { IdentityId: other } = await identity().send(new GetIdCommand({ IdentityPoolId: poolId }));
    const { IdentityId: mine } = await identity().send(
      new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: idToken } }),
    );
    const { idToken: someoneElse } = await signIn("mallory");
    await identity().send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: someoneElse } }));
    const stolen = await rejection(
      identity().send(new GetOpenIdTokenCommand({ IdentityId: mine, Logins: { [provider]: someoneElse } })),
    );
    expect(stolen).toBeInstanceOf(NotAuthorizedException);
    expect(stolen.message).toBe(
      "Logins don't match. Please include at least one valid login for this identity or identity pool.",
    );
    const bare = await rejection(identity().send(new GetOpenIdTokenCommand({ IdentityId: mine })));
    expect(bare.message).toBe(
      "Logins don't match. Please include at least one valid login for this identity or identity pool.",
    );
    expect(other).not.toBe(mine);
    const { IdentityId: closedId } = await identity().send(
      new GetIdCommand({ IdentityPoolId: closed, Logins: { [provider]: idToken } }),
    );
    const basic = await rejection(
      identity().send(new GetOpenIdTokenCommand({ IdentityId: closedId, Logins: { [provider]: idToken } })),
    );
    expect(basic).toBeInstanceOf(InvalidParameterException);
    expect(basic.message).toBe("Basic (classic) flow is not enabled, please use enhanced flow.");
  });

  it("turns a guest into the signed-in user's identity when the guest presents the login", async () => {
    const { IdentityId: guest } = await identity().send(new GetIdCommand({ IdentityPoolId: poolId }));
    const guestToken = await identity().send(new GetOpenIdTokenCommand({ IdentityId: guest }));
    expect(JSON.parse(Buffer.from(guestToken.Token!.split(".")[1]!, "base64url").toString()).amr).toEqual([
      "unauthenticated",
    ]);
    const { idToken } = await signIn("hopper");
    const linked = await identity().send(
      new GetOpenIdTokenCommand({ IdentityId: guest, Logins: { [provider]: idToken } }),
    );
    expect(linked.IdentityId).toBe(guest);
    const { IdentityId } = await identity().send(
      new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: idToken } }),
    );
    expect(IdentityId).toBe(guest);
  });

  it("unlinks a login: the identity keeps its id, and the login makes a new identity next time", async () => {
    const { idToken } = await signIn("edsger");
    const { IdentityId } = await identity().send(
      new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: idToken } }),
    );
    await identity().send(
      new UnlinkIdentityCommand({ IdentityId, Logins: { [provider]: idToken }, LoginsToRemove: [provider] }),
    );
    expect((await identity().send(new DescribeIdentityCommand({ IdentityId }))).Logins).toEqual([]);
    const next = await identity().send(
      new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: idToken } }),
    );
    expect(next.IdentityId).not.toBe(IdentityId);
  });

  it("runs the developer flow: signed tokens for a backend's users, lookup, merge, unlink", async () => {
    const devPool = await identityPool();
    const token = (user: string, IdentityId?: string) =>
      identity().send(
        new GetOpenIdTokenForDeveloperIdentityCommand({
          IdentityPoolId: devPool,
          Logins: { [DEV]: user },
          ...(IdentityId !== undefined && { IdentityId }),
          PrincipalTags: { team: "blue" },
          TokenDuration: 60,
        }),
      );
    const one = await token("user-1");
    expect((await token("user-1")).IdentityId).toBe(one.IdentityId);
    const claims = JSON.parse(Buffer.from(one.Token!.split(".")[1]!, "base64url").toString());
    expect(claims).toMatchObject({
      sub: one.IdentityId,
      aud: devPool,
      amr: ["authenticated", DEV, `${DEV}:${devPool}:user-1`],
    });
    expect(claims.exp - claims.iat).toBe(60);
    const two = await token("user-2");
    expect(two.IdentityId).not.toBe(one.IdentityId);
    expect(await rejection(token("user-2", one.IdentityId))).toBeInstanceOf(
      DeveloperUserAlreadyRegisteredException,
    );
    const lookup = await identity().send(
      new LookupDeveloperIdentityCommand({ IdentityPoolId: devPool, DeveloperUserIdentifier: "user-1" }),
    );
    expect(lookup).toMatchObject({ IdentityId: one.IdentityId, DeveloperUserIdentifierList: ["user-1"] });
    expect(
      await rejection(
        identity().send(
          new LookupDeveloperIdentityCommand({
            IdentityPoolId: devPool,
            IdentityId: two.IdentityId,
            DeveloperUserIdentifier: "user-1",
          }),
        ),
      ),
    ).toBeInstanceOf(ResourceConflictException);
    const merged = await identity().send(
      new MergeDeveloperIdentitiesCommand({
        IdentityPoolId: devPool,
        DeveloperProviderName: DEV,
        SourceUserIdentifier: "user-2",
        DestinationUserIdentifier: "user-1",
      }),
    );
    expect(merged.IdentityId).toBe(one.IdentityId);
    const both = await identity().send(
      new LookupDeveloperIdentityCommand({ IdentityPoolId: devPool, IdentityId: one.IdentityId }),
    );
    expect(both.DeveloperUserIdentifierList!.sort()).toEqual(["user-1", "user-2"]);
    const visible = await identity().send(
      new ListIdentitiesCommand({ IdentityPoolId: devPool, MaxResults: 60, HideDisabled: true }),
    );
    expect(visible.Identities!.map((i) => i.IdentityId)).toEqual([one.IdentityId]);
    const all = await identity().send(new ListIdentitiesCommand({ IdentityPoolId: devPool, MaxResults: 60 }));
    expect(all.Identities!.map((i) => i.IdentityId).sort()).toEqual([one.IdentityId, two.IdentityId].sort());
    // The merged identity stays, disabled, with no login of its own.
    expect(await identity().send(new DescribeIdentityCommand({ IdentityId: two.IdentityId }))).toMatchObject({
      IdentityId: two.IdentityId,
      Logins: [],
    });
    await identity().send(
      new UnlinkDeveloperIdentityCommand({
        IdentityId: one.IdentityId,
        IdentityPoolId: devPool,
        DeveloperProviderName: DEV,
        DeveloperUserIdentifier: "user-2",
      }),
    );
    const after = await identity().send(
      new LookupDeveloperIdentityCommand({ IdentityPoolId: devPool, IdentityId: one.IdentityId }),
    );
    expect(after.DeveloperUserIdentifierList).toEqual(["user-1"]);
    expect(
      await rejection(
        identity().send(
          new LookupDeveloperIdentityCommand({ IdentityPoolId: devPool, DeveloperUserIdentifier: "user-2" }),
        ),
      ),
    ).toBeInstanceOf(ResourceNotFoundException);
  });

  it("refuses the developer flow unsigned, and deletes identities", async () => {
    const response = await fetch(url(), {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityService.GetOpenIdTokenForDeveloperIdentity",
      },
      body: JSON.stringify({ IdentityPoolId: poolId, Logins: { [DEV]: "someone" } }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe(
      "MissingAuthenticationTokenException",
    );
    const { IdentityId } = await identity().send(new GetIdCommand({ IdentityPoolId: poolId }));
    const deleted = await identity().send(
      new DeleteIdentitiesCommand({ IdentityIdsToDelete: [IdentityId!] }),
    );
    expect(deleted.UnprocessedIdentityIds).toEqual([]);
    expect(await rejection(identity().send(new DescribeIdentityCommand({ IdentityId })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
  });
});
