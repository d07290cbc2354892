import { describe, expect, it } from "vitest";
import { cognitoClaims, IDENTITY, POOL, USER_POOL_PROVIDER } from "./fixtures.testing.js";
import { roleId } from "./role-arn.js";
import { sessionContext } from "./session-context.js";
import { providerName, sessionProvider } from "./web-identity.js";

const now = Date.UTC(2024, 0, 1, 12, 0, 0);

describe("sessionContext", () => {
  it("holds a Cognito Identity session's keys, the role's, and the request's facts", async () => {
    const claims = cognitoClaims({ principalTags: { username: "alice", client: "client1" } });
    expect(await sessionContext(claims, { now, sourceIp: "203.0.113.7", secure: true })).toEqual({
      "aws:CurrentTime": "2024-01-01T12:00:00Z",
      "aws:EpochTime": "1704110400",
      "aws:SecureTransport": "true",
      "aws:SourceIp": "203.0.113.7",
      "cognito-identity.amazonaws.com:aud": POOL,
      "cognito-identity.amazonaws.com:sub": IDENTITY,
      "cognito-identity.amazonaws.com:amr": claims.amr,
      "aws:PrincipalTag/username": "alice",
      "aws:PrincipalTag/client": "client1",
      "aws:userid": `${await roleId("Reader")}:CognitoIdentityCredentials`,
      "aws:PrincipalArn": "arn:aws:iam::000000000000:role/Reader",
      "aws:PrincipalAccount": "000000000000",
      "aws:PrincipalType": "AssumedRole",
      "aws:TokenIssueTime": "2023-11-14T22:13:20Z",
      "aws:FederatedProvider": "cognito-identity.amazonaws.com",
    });
  });

  it("names an unauthenticated identity's amr as it is", async () => {
    const context = await sessionContext(cognitoClaims({ amr: ["unauthenticated"] }), { now });
    expect(context["cognito-identity.amazonaws.com:amr"]).toEqual(["unauthenticated"]);
    expect(context["aws:SourceIp"]).toBeUndefined();
    expect(context["aws:SecureTransport"]).toBeUndefined();
  });

  it("uses Cognito's keys for a session from cognate's own OpenID token, whose issuer is cognate's URL", async () => {
    const context = await sessionContext(cognitoClaims({ provider: "http://127.0.0.1:9229" }), { now });
    expect(context["cognito-identity.amazonaws.com:sub"]).toBe(IDENTITY);
  });

  it("names another OIDC provider's keys after its issuer, and its provider by ARN in the role's account", async () => {
    const claims = cognitoClaims({
      provider: "https://login.example.com/tenant/",
      audience: "my-client",
      subject: "user-1",
      amr: [],
      identityId: undefined,
      identityPoolId: undefined,
      roleArn: "arn:aws:iam::123456789012:role/app/Reader",
      roleSessionName: "alice-session",
    });
    const context = await sessionContext(claims, { now, sourceIp: "::ffff:198.51.100.1" });
    expect(context).toMatchObject({
      "login.example.com/tenant:aud": "my-client",
      "login.example.com/tenant:sub": "user-1",
      "aws:userid": `${await roleId("Reader")}:alice-session`,
      "aws:PrincipalArn": "arn:aws:iam::123456789012:role/app/Reader",
      "aws:PrincipalAccount": "123456789012",
      "aws:FederatedProvider": "arn:aws:iam::123456789012:oidc-provider/login.example.com/tenant",
      "aws:SourceIp": "198.51.100.1",
    });
    expect(Object.keys(context).some((k) => k.endsWith(":amr"))).toBe(false);
    expect(Object.keys(context).some((k) => k.startsWith("cognito-identity"))).toBe(false);
  });

  it("names Google by itself", async () => {
    const claims = cognitoClaims({ provider: "https://accounts.google.com", identityPoolId: undefined });
    const context = await sessionContext(claims, { now });
    expect(context["aws:FederatedProvider"]).toBe("accounts.google.com");
    expect(context["accounts.google.com:sub"]).toBe(IDENTITY);
  });
});

describe("providers", () => {
  it("names an issuer as IAM does, without scheme or trailing slash", () => {
    expect(providerName("https://login.example.com/tenant/")).toBe("login.example.com/tenant");
    expect(providerName("http://127.0.0.1:9229/us-east-1_AbC")).toBe("127.0.0.1:9229/us-east-1_AbC");
    expect(providerName("accounts.google.com")).toBe("accounts.google.com");
  });

  it("takes a session with an identity pool for Cognito Identity's", () => {
    expect(sessionProvider({ identityPoolId: POOL, provider: "http://127.0.0.1:9229" })).toBe(
      "cognito-identity.amazonaws.com",
    );
    expect(sessionProvider({ provider: `https://${USER_POOL_PROVIDER}` })).toBe(USER_POOL_PROVIDER);
  });
});
