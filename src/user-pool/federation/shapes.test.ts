import { describe, expect, it } from "vitest";
import { validateInput } from "../../protocol/json/index.js";
import {
  acrMappingOf,
  identifiersOf,
  identityProviderType,
  providerDetailsShape,
  refuseTakenIdentifier,
} from "./shapes.js";
import { structure } from "../../protocol/json/index.js";

describe("identity provider shapes", () => {
  it("takes each identifier once", () => {
    expect(identifiersOf(undefined)).toBeUndefined();
    expect(identifiersOf(["a.example", "b"])).toEqual(["a.example", "b"]);
    expect(() => identifiersOf(["a", "a"])).toThrow("Duplicate IdpIdentifier: a");
  });

  it("takes AcrMapping levels for OIDC only", () => {
    expect(acrMappingOf("OIDC", { Level2: "urn:mfa" })).toEqual({ Level2: "urn:mfa" });
    expect(acrMappingOf("Google", undefined)).toBeUndefined();
    expect(() => acrMappingOf("Google", { Level1: "x" })).toThrow("OIDC");
    expect(() => acrMappingOf("OIDC", { Level5: "x" })).toThrow("Level5");
  });

  it("turns a taken identifier into DuplicateProviderException", () => {
    expect(refuseTakenIdentifier(null)).toBeNull();
    expect(() => refuseTakenIdentifier({ identifierTaken: "corp" })).toThrow(
      expect.objectContaining({ name: "DuplicateProviderException" }),
    );
  });

  it("never echoes a ProviderDetails value in a shape error", () => {
    const secret = "s".repeat(131073);
    let message = "";
    try {
      validateInput(structure({ ProviderDetails: providerDetailsShape(true) }), {
        ProviderDetails: { client_secret: secret },
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("providerDetails");
    expect(message).not.toContain("sss");
  });

  it("shows Describe's view: dates, and no Apple private key", () => {
    const view = identityProviderType({
      poolId: "us-east-1_X",
      name: "SignInWithApple",
      type: "SignInWithApple",
      details: { client_id: "c", private_key: "k" },
      attributeMapping: { username: "sub" },
      identifiers: [],
      createdAt: 1_000_000,
      updatedAt: 2_000_000,
    });
    expect(view).toEqual({
      UserPoolId: "us-east-1_X",
      ProviderName: "SignInWithApple",
      ProviderType: "SignInWithApple",
      ProviderDetails: { client_id: "c" },
      AttributeMapping: { username: "sub" },
      IdpIdentifiers: [],
      LastModifiedDate: new Date(2_000_000),
      CreationDate: new Date(1_000_000),
    });
  });
});
