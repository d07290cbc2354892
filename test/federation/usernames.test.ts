// Federated usernames over the wire (findings 03 and 08 of attack 5): a native SignUp or
// AdminCreateUser cannot take the `{ProviderName}_…` name a federated user will need; a subject
// whose username the API could not name is refused at first sign-in; a federated user whose own
// identity was disabled is refused until deleted, and the identity then makes a new user.
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { Agent, authorizeUrl, callbackError, federatedTokens, federationWorld, perFile } from "./harness.js";

const world = perFile(federationWorld);

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (e: Error) => `${e.name}: ${e.message}`,
  );

async function signInAs(subject: string) {
  world.rogue.next("good", subject);
  return new Agent().walk(authorizeUrl(world, "Rogue"));
}

describe("a username of a provider's shape", () => {
  it("is refused to SignUp and AdminCreateUser, as the pool compares usernames; the identity then signs in", async () => {
    const client = await world.client({
      GenerateSecret: false,
      SupportedIdentityProviders: ["COGNITO", "Rogue"],
    });
    const signUp = (username: string) =>
      outcome(
        world.server.sdk.send(
          new SignUpCommand({ ClientId: client.id, Username: username, Password: "Passw0rd!Passw0rd" }),
        ),
      );
    const refusal =
      "InvalidParameterException: Username cannot begin with Rogue_, the prefix of identity provider Rogue's users.";
    expect(await signUp("Rogue_victim-sub")).toBe(refusal);
    expect(await signUp("rOGUE_victim-sub")).toBe(refusal);
    expect(await signUp("\uff32ogue_victim-sub")).toBe(refusal); // full-width R: the same key
    expect(
      await outcome(
        world.server.sdk.send(
          new AdminCreateUserCommand({ UserPoolId: world.poolId, Username: "rogue_victim-sub" }),
        ),
      ),
    ).toBe(refusal);
    // Names that only share a beginning with a provider's are free.
    expect(await signUp("Roguex_1")).toBe("ok");
    expect(await signUp("Rogue-1")).toBe("ok");

    const landing = await signInAs("victim-sub");
    expect(callbackError(landing)).toEqual({ error: null, description: null });
    expect(landing.callback?.searchParams.get("code")).toEqual(expect.any(String));
  });
});

describe("a subject the Username pattern cannot carry", () => {
  it.each([
    ["a space", "john smith"],
    ["a no-break space", "john\u00a0smith"],
    ["a zero-width space", "john\u200bsmith"],
    ["a line separator", "john\u2028smith"],
    ["full-width letters", "\uff4a\uff4f\uff48\uff4e"],
  ])("with %s is refused at first sign-in (invalid_request)", async (_what, subject) => {
    expect(callbackError(await signInAs(subject))).toEqual({
      error: "invalid_request",
      description: "Invalid subject from Rogue",
    });
  });

  it("otherwise makes a user every admin call reaches by its username", async () => {
    for (const subject of ["CN=John_Smith,O=Corp", "名前-1"]) {
      world.rogue.next("good", subject);
      const { claims } = await federatedTokens(world, "Rogue");
      const username = String(claims["cognito:username"]);
      expect(username).toBe(`rogue_${subject}`.toLowerCase());
      const user = await world.server.sdk.send(
        new AdminGetUserCommand({ UserPoolId: world.poolId, Username: username }),
      );
      expect(user.UserStatus).toBe("EXTERNAL_PROVIDER");
      await world.server.sdk.send(
        new AdminDeleteUserCommand({ UserPoolId: world.poolId, Username: username }),
      );
    }
  });
});

describe("a federated user whose own identity was disabled", () => {
  it("stays, refused at sign-in until deleted; the identity's next sign-in then makes a new user", async () => {
    world.rogue.next("good", "unlinked");
    const first = await federatedTokens(world, "Rogue");
    await world.server.sdk.send(
      new AdminDisableProviderForUserCommand({
        UserPoolId: world.poolId,
        User: {
          ProviderName: "Rogue",
          ProviderAttributeName: "Cognito_Subject",
          ProviderAttributeValue: "unlinked",
        },
      }),
    );
    const kept = await world.server.sdk.send(
      new AdminGetUserCommand({ UserPoolId: world.poolId, Username: "rogue_unlinked" }),
    );
    expect(kept.Username).toBe("rogue_unlinked");
    expect(callbackError(await signInAs("unlinked"))).toEqual({
      error: "invalid_request",
      description: "Already found an entry for username rogue_unlinked",
    });
    await world.server.sdk.send(
      new AdminDeleteUserCommand({ UserPoolId: world.poolId, Username: "rogue_unlinked" }),
    );
    world.rogue.next("good", "unlinked");
    const again = await federatedTokens(world, "Rogue");
    expect(again.claims["cognito:username"]).toBe("rogue_unlinked");
    expect(again.claims.sub).not.toBe(first.claims.sub);
  });
});
