import { describe, expect, it } from "vitest";
import { checkProviderName, providerDetails, visibleDetails } from "./provider-details.js";

const OAUTH = { client_id: "id", client_secret: "secret" };
const OIDC = {
  ...OAUTH,
  authorize_scopes: "openid email",
  attributes_request_method: "GET",
  oidc_issuer: "https://idp.example.com",
};
const APPLE = {
  client_id: "com.example.web",
  team_id: "TEAM",
  key_id: "KEY",
  private_key: "-----BEGIN PRIVATE KEY-----",
  authorize_scopes: "email name",
};
const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return `${(error as Error & { type?: string }).name}: ${(error as Error).message}`;
  }
  return "no error";
};

describe("providerDetails", () => {
  it("adds Cognito's auto keys per type, overriding what was sent back", () => {
    expect(
      providerDetails("Google", {
        ...OAUTH,
        authorize_scopes: "profile email openid",
        authorize_url: "https://evil.example",
      }),
    ).toEqual({
      ...OAUTH,
      authorize_scopes: "profile email openid",
      authorize_url: "https://accounts.google.com/o/oauth2/v2/auth",
      token_url: "https://www.googleapis.com/oauth2/v4/token",
      token_request_method: "POST",
      attributes_url: "https://people.googleapis.com/v1/people/me?personFields=",
      attributes_url_add_attributes: "true",
      oidc_issuer: "https://accounts.google.com",
    });
    expect(
      providerDetails("Facebook", {
        ...OAUTH,
        authorize_scopes: "public_profile, email",
        api_version: "v21.0",
      }),
    ).toMatchObject({
      api_version: "v21.0",
      authorize_url: "https://www.facebook.com/v21.0/dialog/oauth",
      token_request_method: "GET",
    });
    expect(providerDetails("Facebook", { ...OAUTH, authorize_scopes: "email" }).api_version).toBe("v17.0");
    expect(
      providerDetails("LoginWithAmazon", { ...OAUTH, authorize_scopes: "profile postal_code" }),
    ).toMatchObject({
      attributes_url: "https://api.amazon.com/user/profile",
    });
    expect(providerDetails("SignInWithApple", APPLE)).toMatchObject({
      oidc_issuer: "https://appleid.apple.com",
    });
    expect(providerDetails("OIDC", OIDC)).toEqual({ ...OIDC, attributes_url_add_attributes: "false" });
  });

  it("refuses missing required keys in Cognito's words", () => {
    expect(message(() => providerDetails("Google", { client_id: "id", authorize_scopes: "openid" }))).toBe(
      "InvalidParameterException: client_id, client_secret and authorize_scopes are all required idp details",
    );
    expect(message(() => providerDetails("SignInWithApple", { ...APPLE, key_id: "" }))).toContain("key_id");
    expect(message(() => providerDetails("OIDC", { ...OIDC, oidc_issuer: undefined as never }))).toContain(
      "oidc_issuer",
    );
  });

  it("checks scopes per provider, the OIDC issuer and request method", () => {
    expect(
      message(() => providerDetails("Google", { ...OAUTH, authorize_scopes: "openid phone" })),
    ).toContain("phone");
    expect(
      message(() => providerDetails("SignInWithApple", { ...APPLE, authorize_scopes: "email openid" })),
    ).toContain("openid");
    expect(message(() => providerDetails("OIDC", { ...OIDC, authorize_scopes: "email profile" }))).toContain(
      "openid",
    );
    expect(
      message(() => providerDetails("OIDC", { ...OIDC, oidc_issuer: "https://idp.example.com/" })),
    ).toContain("trailing");
    expect(
      message(() => providerDetails("OIDC", { ...OIDC, oidc_issuer: "http://idp.example.com" })),
    ).toContain("https");
    expect(message(() => providerDetails("OIDC", { ...OIDC, attributes_request_method: "PUT" }))).toContain(
      "GET or POST",
    );
    expect(message(() => providerDetails("OIDC", { ...OIDC, jwks_uri: "http://x" }))).toContain("jwks_uri");
    expect(message(() => providerDetails("OIDC", { ...OIDC, surprise: "1" }))).toContain("surprise");
  });

  it("keeps stored secrets an update leaves out", () => {
    const stored = providerDetails("SignInWithApple", APPLE);
    const { private_key: _key, ...rest } = APPLE;
    expect(providerDetails("SignInWithApple", { ...rest, key_id: "NEW" }, stored)).toMatchObject({
      private_key: APPLE.private_key,
      key_id: "NEW",
    });
    expect(
      providerDetails("Google", { client_id: "new", authorize_scopes: "openid" }, { client_secret: "kept" })
        .client_secret,
    ).toBe("kept");
  });

  it("checks SAML's keys", () => {
    expect(message(() => providerDetails("SAML", {}))).toBe(
      "InvalidParameterException: At least one of the MetadataURL or MetadataFile should be provided.",
    );
    expect(message(() => providerDetails("SAML", { MetadataURL: "http://idp.example.com/m" }))).toContain(
      "MetadataURL",
    );
    expect(message(() => providerDetails("SAML", { MetadataFile: "<x/>", IDPSignout: "yes" }))).toContain(
      "IDPSignout",
    );
    expect(
      message(() => providerDetails("SAML", { MetadataFile: "<x/>", RequestSigningAlgorithm: "rsa-sha1" })),
    ).toContain("rsa-sha256");
    expect(
      message(() => providerDetails("SAML", { MetadataURL: "https://idp.example.com:8443/m" })),
    ).toContain("MetadataURL");
    const loopback = { MetadataURL: "http://127.0.0.1:9000/m" };
    expect(message(() => providerDetails("SAML", loopback))).toContain("MetadataURL");
    expect(providerDetails("SAML", loopback, undefined, true)).toEqual(loopback);
    expect(
      message(() => providerDetails("SAML", { MetadataURL: "http://idp.example.com/m" }, undefined, true)),
    ).toContain("MetadataURL");
    // An update without metadata keeps the stored one; one with metadata replaces it.
    expect(
      providerDetails("SAML", { IDPSignout: "true" }, { MetadataURL: "https://idp.example.com/m" }),
    ).toEqual({
      IDPSignout: "true",
      MetadataURL: "https://idp.example.com/m",
    });
    expect(
      providerDetails("SAML", { MetadataFile: "<y/>" }, { MetadataURL: "https://idp.example.com/m" }),
    ).toEqual({
      MetadataFile: "<y/>",
    });
    expect(providerDetails("SAML", { MetadataFile: "<x/>", EncryptedResponses: "true" })).toEqual({
      MetadataFile: "<x/>",
      EncryptedResponses: "true",
    });
  });

  it("names social providers after their type, and hides Apple's private key", () => {
    expect(message(() => checkProviderName("example", "Google"))).toBe(
      "InvalidParameterException: Provider example cannot be of type Google.",
    );
    expect(() => checkProviderName("Google", "Google")).not.toThrow();
    expect(() => checkProviderName("AnyName", "OIDC")).not.toThrow();
    expect(visibleDetails("SignInWithApple", { private_key: "k", key_id: "K" })).toEqual({ key_id: "K" });
    expect(visibleDetails("Google", { client_secret: "s" })).toEqual({ client_secret: "s" });
  });

  it("takes an http loopback OIDC issuer only under federation.allowLoopbackHttp (beyond Cognito)", () => {
    const loopback = { ...OIDC, oidc_issuer: "http://127.0.0.1:4000" };
    expect(message(() => providerDetails("OIDC", loopback))).toContain("oidc_issuer must be an https URL");
    expect(providerDetails("OIDC", loopback, undefined, true).oidc_issuer).toBe("http://127.0.0.1:4000");
    expect(
      message(() =>
        providerDetails("OIDC", { ...OIDC, oidc_issuer: "http://idp.example.com" }, undefined, true),
      ),
    ).toContain("https");
  });
});
