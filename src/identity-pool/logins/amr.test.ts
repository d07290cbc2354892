import { describe, expect, it } from "vitest";
import { amrFor, developerAmr, oidcAmr, UNAUTHENTICATED_AMR, userPoolAmr } from "./amr.js";
import type { VerifiedLogin } from "./types.js";

const POOL = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC";
const IDENTITY_POOL = "us-east-1:1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b";

const userPoolLogin: VerifiedLogin = {
  key: "127.0.0.1:9229/us-east-1_AbC",
  provider: POOL,
  subject: "5f1c-sub",
  claims: {},
  kind: "user-pool",
  clientId: "client",
};
const oidcLogin: VerifiedLogin = {
  key: "accounts.google.com",
  provider: "accounts.google.com",
  subject: "1092",
  claims: {},
  kind: "oidc",
  clientId: "g-app",
};

describe("amr", () => {
  it("is unauthenticated for no login", () => {
    expect(amrFor([])).toEqual(["unauthenticated"]);
    expect(UNAUTHENTICATED_AMR).toEqual(["unauthenticated"]);
    expect(Object.isFrozen(UNAUTHENTICATED_AMR)).toBe(true);
  });

  it("names a user pool sign-in as Cognito does", () => {
    expect(userPoolAmr(POOL, "5f1c-sub")).toEqual([POOL, `${POOL}:CognitoSignIn:5f1c-sub`]);
    expect(amrFor([userPoolLogin])).toEqual(["authenticated", POOL, `${POOL}:CognitoSignIn:5f1c-sub`]);
  });

  it("names an OIDC provider's and a developer provider's user", () => {
    expect(oidcAmr("accounts.google.com", "g-app", "1092")).toEqual([
      "accounts.google.com",
      "accounts.google.com:g-app:1092",
    ]);
    expect(developerAmr("login.example", IDENTITY_POOL, "u-7")).toEqual([
      "login.example",
      `login.example:${IDENTITY_POOL}:u-7`,
    ]);
    expect(
      amrFor([
        oidcLogin,
        {
          kind: "developer",
          provider: "login.example",
          identityPoolId: IDENTITY_POOL,
          userIdentifier: "u-7",
        },
      ]),
    ).toEqual([
      "authenticated",
      "accounts.google.com",
      "accounts.google.com:g-app:1092",
      "login.example",
      `login.example:${IDENTITY_POOL}:u-7`,
    ]);
  });

  it("passes on the entries of a developer flow token sent back, and an unauthenticated one's status", () => {
    const passedOn = (amr: unknown): VerifiedLogin => ({
      key: "cognito-identity.amazonaws.com",
      provider: "cognito-identity.amazonaws.com",
      subject: "us-east-1:0a1b",
      claims: { amr },
      kind: "cognito-identity",
    });
    const developer = ["authenticated", "login.example", `login.example:${IDENTITY_POOL}:u-7`];
    expect(amrFor([passedOn(developer)])).toEqual(developer);
    expect(amrFor([passedOn(["unauthenticated"])])).toEqual(["unauthenticated"]);
    expect(amrFor([passedOn("authenticated")])).toEqual(["unauthenticated"]);
    // Repeated entries appear once.
    expect(amrFor([userPoolLogin, passedOn(["authenticated", POOL])])).toEqual([
      "authenticated",
      POOL,
      `${POOL}:CognitoSignIn:5f1c-sub`,
    ]);
  });
});
