// Attack finding 02 (issue 16, fixed): the identity service's own OpenID token, passed back as the login
// `cognito-identity.amazonaws.com` to GetCredentialsForIdentity, always selects the pool's
// *authenticated* role (and skips RoleMappings), even when the token is a guest's (amr
// ["unauthenticated"]); and a guest's token still gets credentials after the pool stopped allowing
// unauthenticated identities. AWS: the token "will be passed through to AWS Security Token Service
// with the appropriate role for the token" — a guest's is the unauthenticated role.
import {
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
  SetIdentityPoolRolesCommand,
  UpdateIdentityPoolCommand,
} from "@aws-sdk/client-cognito-identity";
import { describe, expect, it } from "vitest";
import { attackServer, creds, rejection, role } from "./harness.js";

// A signed-in users' role whose trust names the pools but not the amr (a common trust policy: the
// console's template adds the amr condition, hand-written ones often don't).
const AudOnly = {
  AssumeRolePolicyDocument: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: "cognito-identity.amazonaws.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringLike: { "cognito-identity.amazonaws.com:aud": "us-east-1:*" } },
      },
    ],
  },
  Policies: {
    members: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "execute-api:Invoke", Resource: "arn:aws:execute-api:*:*:*/GET/admin/*" },
      ],
    },
  },
};
const s = attackServer({ AudOnly });

async function guestPool() {
  const up = await s.userPool();
  const pool = await s.identityPool(up);
  await s.identity(true).send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId: pool,
      Roles: { authenticated: role("AudOnly"), unauthenticated: role("Guest") },
    }),
  );
  const { IdentityId } = await s.identity().send(new GetIdCommand({ IdentityPoolId: pool }));
  const { Token } = await s.identity().send(new GetOpenIdTokenCommand({ IdentityId }));
  return { pool, IdentityId: IdentityId!, Token: Token! };
}

describe("02: a guest's own OpenID token passed back as a login", () => {
  it("gets the unauthenticated role, never the authenticated one", async () => {
    const { IdentityId, Token } = await guestPool();
    const out = await s
      .identity()
      .send(
        new GetCredentialsForIdentityCommand({
          IdentityId,
          Logins: { "cognito-identity.amazonaws.com": Token },
        }),
      )
      .catch((error: Error) => error);
    if (!(out instanceof Error)) {
      // Today: the guest holds AudOnly's credentials and reads /admin/.
      expect((await s.invoke(creds(out.Credentials), "/admin/users")).status).toBe(403);
    }
  });

  it("gets nothing once the pool no longer allows unauthenticated identities", async () => {
    const { pool, IdentityId, Token } = await guestPool();
    const described = await s.identity(true).send(new DescribeIdentityPoolCommand({ IdentityPoolId: pool }));
    await s.identity(true).send(
      new UpdateIdentityPoolCommand({
        ...described,
        IdentityPoolId: pool,
        IdentityPoolName: described.IdentityPoolName!,
        AllowUnauthenticatedIdentities: false,
      }),
    );
    // Without the token the guest is refused, as it should be ...
    expect(
      (await rejection(s.identity().send(new GetCredentialsForIdentityCommand({ IdentityId })))).name,
    ).toBe("NotAuthorizedException");
    // ... and with its own guest token too.
    const error = await rejection(
      s.identity().send(
        new GetCredentialsForIdentityCommand({
          IdentityId,
          Logins: { "cognito-identity.amazonaws.com": Token },
        }),
      ),
    );
    expect(error.name).toBe("NotAuthorizedException");
  });
});
