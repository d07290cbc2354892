import { describe, expect, it } from "vitest";
import {
  canonicalProvider,
  isSamlProviderArn,
  oidcProviderKey,
  oidcProviderUrl,
  userPoolProvider,
} from "./providers.js";

const issuerOf = (poolId: string) => `http://127.0.0.1:9229/${poolId}`;
const CANONICAL = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123";

describe("provider names", () => {
  it("a user pool answers to AWS's name and to its issuer without the scheme, kept as AWS's", () => {
    const expected = { poolId: "us-east-1_AbC123", canonical: CANONICAL };
    expect(userPoolProvider(CANONICAL, issuerOf)).toEqual(expected);
    expect(userPoolProvider("127.0.0.1:9229/us-east-1_AbC123", issuerOf)).toEqual(expected);
    expect(canonicalProvider("127.0.0.1:9229/us-east-1_AbC123", issuerOf)).toBe(CANONICAL);
    // A public URL with a path: the issuer is `{publicUrl}/{poolId}`.
    const behindPath = (poolId: string) => `https://id.example.com/auth/${poolId}`;
    expect(userPoolProvider("id.example.com/auth/eu-west-1_Xy9", behindPath)).toEqual({
      poolId: "eu-west-1_Xy9",
      canonical: "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Xy9",
    });
  });

  it("no other name is a user pool", () => {
    for (const name of [
      "cognito-idp.eu-west-1.amazonaws.com/us-east-1_AbC123", // the pool is not in that region
      "cognito-idp.us-east-1.amazonaws.com/us-east-1:AbC123",
      "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123/extra",
      "http://127.0.0.1:9229/us-east-1_AbC123", // with the scheme
      "127.0.0.1:9230/us-east-1_AbC123", // another host
      "127.0.0.1:9229/us-east-1_AbC123/",
      "evil.example.com/us-east-1_AbC123",
      "us-east-1_AbC123",
      "accounts.google.com",
    ]) {
      expect(userPoolProvider(name, issuerOf), name).toBeUndefined();
      expect(canonicalProvider(name, issuerOf)).toBe(name);
    }
  });

  it("an IAM OIDC provider's ARN names its URL; a configured issuer is keyed the same way", () => {
    expect(oidcProviderUrl("arn:aws:iam::123456789012:oidc-provider/login.example.com")).toBe(
      "login.example.com",
    );
    expect(oidcProviderUrl("arn:aws:iam::000000000000:oidc-provider/host.example/tenant/1")).toBe(
      "host.example/tenant/1",
    );
    expect(oidcProviderUrl("arn:aws:iam::12345:oidc-provider/login.example.com")).toBeUndefined();
    expect(oidcProviderUrl("arn:aws:iam::123456789012:saml-provider/Corp")).toBeUndefined();
    expect(oidcProviderKey("https://login.example.com/")).toBe("login.example.com");
    expect(oidcProviderKey("https://host.example/tenant/1")).toBe("host.example/tenant/1");
    expect(isSamlProviderArn("arn:aws:iam::123456789012:saml-provider/Corp")).toBe(true);
    expect(isSamlProviderArn("arn:aws:iam::123456789012:oidc-provider/x")).toBe(false);
  });
});
