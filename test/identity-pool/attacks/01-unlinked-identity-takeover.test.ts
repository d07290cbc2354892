// Attack finding 01 (issue 16, fixed): an identity whose last login was unlinked (UnlinkIdentity, or UnlinkDeveloperIdentity)
// is treated as an unauthenticated identity: anyone who knows its id gets credentials for it, and a
// stranger's new login is linked to it, getting the authenticated role with the victim's
// `cognito-identity.amazonaws.com:sub` (the victim's own files). AWS: "Removing the last linked
// login will make this identity inaccessible." (UnlinkIdentity); "If, for a given Cognito identity,
// you remove all federated identities as well as the developer user identifier, the Cognito
// identity becomes inaccessible." (UnlinkDeveloperIdentity).
import {
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  UnlinkDeveloperIdentityCommand,
  UnlinkIdentityCommand,
} from "@aws-sdk/client-cognito-identity";
import { describe, expect, it } from "vitest";
import { attackServer, creds, rejection } from "./harness.js";

const s = attackServer();

describe("01: an identity whose last login is unlinked becomes anyone's", () => {
  async function orphan() {
    const up = await s.userPool();
    const pool = await s.identityPool(up);
    const victim = (await up.signIn("victim")).IdToken!;
    const { IdentityId } = await s
      .identity()
      .send(new GetIdCommand({ IdentityPoolId: pool, Logins: { [up.provider]: victim } }));
    const own = await s
      .identity()
      .send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: { [up.provider]: victim } }));
    expect((await s.invoke(creds(own.Credentials), `/files/${IdentityId}/diary.txt`)).status).toBe(200);
    await s.identity().send(
      new UnlinkIdentityCommand({
        IdentityId,
        Logins: { [up.provider]: victim },
        LoginsToRemove: [up.provider],
      }),
    );
    return { up, IdentityId: IdentityId! };
  }

  it("UnlinkIdentity of the last login: a stranger's fresh sign-in does not take the identity over", async () => {
    const { up, IdentityId } = await orphan();
    const stranger = (await up.signIn("stranger")).IdToken!;
    const taken = await s
      .identity()
      .send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: { [up.provider]: stranger } }))
      .catch((error: Error) => error);
    if (!(taken instanceof Error)) {
      // What happens today: the stranger's login is linked to the victim's identity, and the
      // Member role's `files/${cognito-identity.amazonaws.com:sub}/*` is the victim's folder.
      expect(taken.IdentityId).not.toBe(IdentityId);
      expect((await s.invoke(creds(taken.Credentials), `/files/${IdentityId}/diary.txt`)).status).toBe(403);
    }
  });

  it("UnlinkIdentity of the last login: the id alone gets no credentials (it is not a guest)", async () => {
    const { IdentityId } = await orphan();
    const anonymous = await rejection(
      s.identity().send(new GetCredentialsForIdentityCommand({ IdentityId })),
    );
    expect(anonymous.name).toBe("NotAuthorizedException");
  });

  it("UnlinkDeveloperIdentity of the only login: the identity is not a guest afterwards", async () => {
    const up = await s.userPool();
    const pool = await s.identityPool(up);
    const { IdentityId } = await s.identity(true).send(
      new GetOpenIdTokenForDeveloperIdentityCommand({
        IdentityPoolId: pool,
        Logins: { "login.example.app": "alice" },
      }),
    );
    await s.identity(true).send(
      new UnlinkDeveloperIdentityCommand({
        IdentityId,
        IdentityPoolId: pool,
        DeveloperProviderName: "login.example.app",
        DeveloperUserIdentifier: "alice",
      }),
    );
    const anonymous = await rejection(
      s.identity().send(new GetCredentialsForIdentityCommand({ IdentityId })),
    );
    expect(anonymous.name).toBe("NotAuthorizedException");
  });
});
