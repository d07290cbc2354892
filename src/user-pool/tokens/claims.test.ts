import { describe, expect, it } from "vitest";
import {
  accessTokenClaims,
  idTokenClaims,
  isClaimableAttribute,
  RESERVED_CLAIMS,
  type SignInFacts,
} from "./claims.js";

const NOW = 1_800_000_000;
const facts: SignInFacts = {
  issuer: "http://127.0.0.1:9229/us-east-1_Pool1",
  clientId: "client1",
  username: "mallory",
  sub: "8f1e6c2a-0000-4000-8000-000000000001",
  attributes: {},
  groups: [],
  authTime: NOW - 10,
  originJti: "0d0f1c4e-0000-4000-8000-0000000000aa",
  eventId: "ev-1",
  amr: ["pwd"],
  now: NOW,
};

// Every name a stored attribute could use to pass for one of the token's own claims.
const FORGED: Record<string, string> = {
  sub: "someone-else",
  iss: "https://evil.example",
  aud: "other",
  exp: "9999999999",
  iat: "1",
  nbf: "1",
  auth_time: "1",
  token_use: "access",
  origin_jti: "x",
  jti: "x",
  event_id: "x",
  amr: "mfa",
  acr: "x",
  azp: "x",
  identities: "[]",
  nonce: "n",
  at_hash: "h",
  c_hash: "h",
  client_id: "other",
  username: "victim",
  scope: "admin",
  device_key: "d",
  version: "9",
  "cognito:groups": "admins",
  "cognito:roles": "arn:aws:iam::1:role/a",
  "cognito:preferred_role": "arn:aws:iam::1:role/a",
  "cognito:username": "victim",
  "Cognito:Groups": "admins",
};

describe("token claims and stored attributes", () => {
  it("no stored attribute named like a reserved claim overrides or adds one", () => {
    const clean = idTokenClaims(facts);
    const id = idTokenClaims({
      ...facts,
      attributes: { ...FORGED, email: "m@example.com", "custom:tier": "7" },
    });
    for (const [name, value] of Object.entries(FORGED)) {
      expect(id[name], name).not.toBe(value);
      if (!(name in clean)) expect(id, name).not.toHaveProperty(name);
    }
    expect(id).toMatchObject({
      sub: facts.sub,
      iss: facts.issuer,
      aud: "client1",
      token_use: "id",
      "cognito:username": "mallory",
      exp: NOW + 3600,
      amr: ["pwd"],
    });
    expect(id).toMatchObject({ email: "m@example.com", "custom:tier": "7" });
    const access = accessTokenClaims({ ...facts, attributes: FORGED });
    expect(access).toMatchObject({
      sub: facts.sub,
      client_id: "client1",
      username: "mallory",
      token_use: "access",
      scope: "aws.cognito.signin.user.admin",
    });
    expect(access).not.toHaveProperty("cognito:groups");
  });

  it("keeps the real groups and roles over stored ones, in Cognito's order", () => {
    const id = idTokenClaims({
      ...facts,
      groups: ["staff"],
      roles: ["arn:aws:iam::1:role/staff"],
      attributes: { ...FORGED, email: "m@example.com" },
    });
    expect(id).toMatchObject({
      "cognito:groups": ["staff"],
      "cognito:roles": ["arn:aws:iam::1:role/staff"],
      "cognito:preferred_role": "arn:aws:iam::1:role/staff",
    });
    expect(Object.keys(id)).toEqual([
      "sub",
      "cognito:groups",
      "cognito:roles",
      "cognito:preferred_role",
      "email",
      "iss",
      "cognito:username",
      "origin_jti",
      "aud",
      "event_id",
      "token_use",
      "amr",
      "auth_time",
      "exp",
      "iat",
      "jti",
    ]);
  });

  it("lets every ordinary attribute through", () => {
    for (const name of [
      "email",
      "email_verified",
      "phone_number",
      "name",
      "custom:tier",
      "custom:role",
      "preferred_username",
      "updated_at",
    ])
      expect(isClaimableAttribute(name), name).toBe(true);
    for (const name of RESERVED_CLAIMS) expect(isClaimableAttribute(name), name).toBe(false);
  });
});

describe("the OAuth endpoints' claims", () => {
  it("puts at_hash first and nonce after cognito:username in the ID token, and no stored attribute forges them", () => {
    const claims = idTokenClaims({
      ...facts,
      attributes: { nonce: "forged", at_hash: "forged", email: "m@example.com" },
      nonce: "n-1",
      atHash: "hash-1",
    });
    expect(claims.at_hash).toBe("hash-1");
    expect(claims.nonce).toBe("n-1");
    const names = Object.keys(claims);
    expect(names[0]).toBe("at_hash");
    expect(names.indexOf("nonce")).toBe(names.indexOf("cognito:username") + 1);
  });

  it("leaves nonce, at_hash and version out of the API's tokens", () => {
    expect(idTokenClaims(facts)).not.toHaveProperty("nonce");
    expect(idTokenClaims(facts)).not.toHaveProperty("at_hash");
    expect(accessTokenClaims(facts)).not.toHaveProperty("version");
  });

  it("gives an OAuth access token version 2 after iss, and its scope", () => {
    const claims = accessTokenClaims({ ...facts, oauth: true, scope: "openid email" });
    expect(claims).toMatchObject({ version: 2, scope: "openid email" });
    const names = Object.keys(claims);
    expect(names.indexOf("version")).toBe(names.indexOf("iss") + 1);
  });
});

describe("the identities claim", () => {
  const stored = JSON.stringify([
    {
      userId: "1026",
      providerName: "Google",
      providerType: "Google",
      issuer: null,
      primary: true,
      dateCreated: 1682704282933,
    },
    {
      userId: "ann",
      providerName: "Corp",
      providerType: "SAML",
      issuer: "https://idp.corp.example/saml",
      primary: false,
      dateCreated: 1682704283000,
    },
  ]);

  it("is the identities attribute as an array, primary and dateCreated as strings, after aud; never on the access token", () => {
    const id = idTokenClaims({ ...facts, attributes: { identities: stored, email: "a@example.com" } });
    expect(id.identities).toEqual([
      {
        userId: "1026",
        providerName: "Google",
        providerType: "Google",
        issuer: null,
        primary: "true",
        dateCreated: "1682704282933",
      },
      {
        userId: "ann",
        providerName: "Corp",
        providerType: "SAML",
        issuer: "https://idp.corp.example/saml",
        primary: "false",
        dateCreated: "1682704283000",
      },
    ]);
    const names = Object.keys(id);
    expect(names.indexOf("identities")).toBe(names.indexOf("aud") + 1);
    expect(accessTokenClaims({ ...facts, attributes: { identities: stored } })).not.toHaveProperty(
      "identities",
    );
    // Given apart from the attributes (a client whose ReadAttributes leave it out still gets it).
    expect(idTokenClaims({ ...facts, identities: stored }).identities).toHaveLength(2);
  });

  it("is left out for anything but a non-empty list of well-formed entries", () => {
    for (const forged of [
      "[]",
      "not json",
      '{"userId":"1"}',
      '[{"userId":"1","providerName":"Google","providerType":"Google","issuer":null,"primary":"true","dateCreated":1}]',
      '[{"userId":1,"providerName":"Google","providerType":"Google","issuer":null,"primary":true,"dateCreated":1}]',
      "[null]",
    ])
      expect(idTokenClaims({ ...facts, attributes: { identities: forged } }), forged).not.toHaveProperty(
        "identities",
      );
  });
});
