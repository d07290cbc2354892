import { describe, expect, it } from "vitest";
import { userInfoClaims } from "./userinfo.js";

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
