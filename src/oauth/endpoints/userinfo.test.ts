import { describe, expect, it } from "vitest";
import { userInfoClaims, userInfoIdentities } from "./userinfo.js";

const ATTRIBUTES = {
  sub: "5f1c",
  email: "a@example.com",
  email_verified: "true",
  phone_number: "+15555550100",
  phone_number_verified: "false",
  name: "A",
  address: "1 Main St",
  "custom:team": "blue",
  "cognito:user_status": "CONFIRMED",
};

describe("userInfoClaims", () => {
  it("releases every claimable attribute for openid alone (sub and username are the endpoint's own)", () => {
    const { sub: _sub, "cognito:user_status": _status, ...rest } = ATTRIBUTES;
    expect(userInfoClaims(ATTRIBUTES, ["openid"])).toEqual(rest);
    expect(userInfoClaims(ATTRIBUTES, ["openid", "aws.cognito.signin.user.admin", "orders/read"])).toEqual(
      rest,
    );
  });

  it("narrows to each scope's claims, strings kept as stored", () => {
    expect(userInfoClaims(ATTRIBUTES, ["openid", "email"])).toEqual({
      email: "a@example.com",
      email_verified: "true",
    });
    expect(userInfoClaims(ATTRIBUTES, ["openid", "phone", "profile"])).toEqual({
      phone_number: "+15555550100",
      phone_number_verified: "false",
      name: "A",
      address: "1 Main St",
      "custom:team": "blue",
    });
  });
});

describe("userInfoIdentities", () => {
  it("answers a well-formed identities attribute as the stored JSON string, nothing else", () => {
    const stored =
      '[{"userId":"ada","providerName":"Corp","providerType":"OIDC","issuer":null,"primary":true,"dateCreated":1}]';
    expect(userInfoIdentities({ ...ATTRIBUTES, identities: stored })).toEqual({ identities: stored });
    expect(userInfoIdentities(ATTRIBUTES)).toEqual({});
    expect(userInfoIdentities({ identities: "not json" })).toEqual({});
    expect(userInfoIdentities({ identities: '[{"userId":1}]' })).toEqual({});
  });
});
