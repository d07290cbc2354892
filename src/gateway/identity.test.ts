import { describe, expect, it } from "vitest";
import type { Principal } from "../authorizer/principal.js";
import type { IamCaller } from "../authorizer/iam/caller.js";
import { addIamIdentity, addIdentity, headerValue, stripIdentity } from "./identity.js";

const principal: Principal = {
  sub: "5f9c1a2e-0000-4000-8000-00000000beef",
  username: "alice",
  groups: ["admins", "staff"],
  scopes: ["openid", "orders/read"],
  tokenUse: "access",
  issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf",
  clientId: "client",
  claims: {},
};

describe("stripIdentity", () => {
  it("removes every x-cognate-* header, whatever its case, and nothing else", () => {
    const headers = new Headers({
      "X-Cognate-Sub": "root",
      "x-cognate-groups": "admins",
      "x-COGNATE-assertion": "forged",
      "x-cognate-": "1",
      "x-cognatex": "kept",
      authorization: "Bearer t",
    });
    stripIdentity(headers);
    expect([...headers.keys()].sort()).toEqual(["authorization", "x-cognatex"]);
  });

  it("removes the underscore spellings that CGI-style upstreams read as the same header", () => {
    const headers = new Headers({
      x_cognate_sub: "root",
      "X_Cognate-Groups": "admins",
      "x-cognate_scopes": "all",
      "xcognate-sub": "kept",
    });
    stripIdentity(headers);
    expect([...headers.keys()]).toEqual(["xcognate-sub"]);
  });
});

describe("addIdentity", () => {
  it("sets sub, username, comma-separated groups and space-separated scopes", () => {
    const headers = new Headers({ "x-cognate-sub": "root" });
    addIdentity(headers, principal);
    expect(Object.fromEntries(headers)).toEqual({
      "x-cognate-sub": "5f9c1a2e-0000-4000-8000-00000000beef",
      "x-cognate-username": "alice",
      "x-cognate-groups": "admins,staff",
      "x-cognate-scopes": "openid orders/read",
    });
  });

  it("sends empty lists as empty headers and no username header without a username", () => {
    const headers = new Headers();
    addIdentity(headers, { ...principal, username: undefined, groups: [], scopes: [] });
    expect(Object.fromEntries(headers)).toEqual({
      "x-cognate-sub": principal.sub,
      "x-cognate-groups": "",
      "x-cognate-scopes": "",
    });
  });

  it("encodes what a header cannot carry, or a list would misread", () => {
    const headers = new Headers();
    addIdentity(headers, {
      ...principal,
      username: "zoë\r\nx-cognate-sub: root",
      groups: ["ventes,Europe", "100%"],
    });
    expect(headers.get("x-cognate-username")).toBe("zo%C3%AB%0D%0Ax-cognate-sub:%20root");
    expect(headers.get("x-cognate-groups")).toBe("ventes%2CEurope,100%25");
    expect(headers.get("x-cognate-groups")!.split(",").map(decodeURIComponent)).toEqual([
      "ventes,Europe",
      "100%",
    ]);
  });
});

describe("headerValue", () => {
  it.each([
    ["alice", ",", "alice"],
    ["a b", "", "a%20b"],
    ["orders/read", " ", "orders/read"],
    ["a,b", ",", "a%2Cb"],
    ["a,b", " ", "a,b"],
    ["日本", "", "%E6%97%A5%E6%9C%AC"],
    ["😀", "", "%F0%9F%98%80"],
    ["tab\there", "", "tab%09here"],
    ["del\u007f", "", "del%7F"],
  ])("%j with separator %j is %j", (value, separator, expected) => {
    expect(headerValue(value, separator)).toBe(expected);
    expect(decodeURIComponent(expected)).toBe(value);
  });
});

const PROVIDER = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123";
const caller: IamCaller = {
  accessKeyId: "ASIAABCDEFGHIJKLMNOP",
  roleArn: "arn:aws:iam::000000000000:role/Reader",
  roleName: "Reader",
  roleId: "AROAABCDEFGHIJKLMNOPQ",
  roleSessionName: "CognitoIdentityCredentials",
  caller: "AROAABCDEFGHIJKLMNOPQ:CognitoIdentityCredentials",
  userArn: "arn:aws:sts::000000000000:assumed-role/Reader/CognitoIdentityCredentials",
  identityId: "us-east-1:0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff",
  identityPoolId: "us-east-1:4f1e6a2c-1111-4222-8333-444455556666",
  authenticationType: "authenticated",
  authenticationProviders: [PROVIDER, `${PROVIDER}:CognitoSignIn:5e1f0c39`],
  amr: ["authenticated", PROVIDER, `${PROVIDER}:CognitoSignIn:5e1f0c39`],
  provider: "cognito-identity.amazonaws.com",
  audience: "us-east-1:4f1e6a2c-1111-4222-8333-444455556666",
  subject: "us-east-1:0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff",
  principalTags: {},
  issuedAt: 0,
  expiresAt: 0,
};

describe("addIamIdentity", () => {
  it("adds the identity, its authentication and the assumed role, as API Gateway's $context.identity names them", () => {
    const headers = new Headers();
    addIamIdentity(headers, caller);
    expect(Object.fromEntries(headers)).toEqual({
      "x-cognate-identity-id": caller.identityId,
      "x-cognate-identity-pool-id": caller.identityPoolId,
      "x-cognate-authentication-type": "authenticated",
      "x-cognate-authentication-provider": `${PROVIDER},${PROVIDER}:CognitoSignIn:5e1f0c39`,
      "x-cognate-caller": "AROAABCDEFGHIJKLMNOPQ:CognitoIdentityCredentials",
      "x-cognate-user-arn": "arn:aws:sts::000000000000:assumed-role/Reader/CognitoIdentityCredentials",
    });
  });

  it("leaves out what the session does not say, and encodes a provider's comma", () => {
    const headers = new Headers();
    addIamIdentity(headers, {
      ...caller,
      identityId: undefined,
      identityPoolId: undefined,
      authenticationType: undefined,
      authenticationProviders: ["a,b"],
    });
    expect([...headers.keys()].sort()).toEqual([
      "x-cognate-authentication-provider",
      "x-cognate-caller",
      "x-cognate-user-arn",
    ]);
    expect(headers.get("x-cognate-authentication-provider")).toBe("a%2Cb");
    const none = new Headers();
    addIamIdentity(none, { ...caller, authenticationType: "unauthenticated", authenticationProviders: [] });
    expect(none.get("x-cognate-authentication-type")).toBe("unauthenticated");
    expect(none.has("x-cognate-authentication-provider")).toBe(false);
  });
});
