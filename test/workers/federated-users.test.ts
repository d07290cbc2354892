// Federated users inside workerd on D1: first sign-ins (concurrent ones make one user), the
// mapping on a later sign-in, AdminLinkProviderForUser signing an identity in as a native user,
// AdminDisableProviderForUser, and the identities attribute and automatic group as the API shows them.
import { describe, expect, it } from "vitest";
import { federatedSignIn } from "../../src/user-pool/federation/federated-sign-in.js";
import { d1UserPool } from "./in-process.js";

const attrs = (list: { Name: string; Value: string }[]) =>
  Object.fromEntries(list.map((a) => [a.Name, a.Value]));

describe("federated users on D1", () => {
  it("are made once, mapped on every sign-in, linked and unlinked", async () => {
    const { ctx, call } = d1UserPool();
    const { UserPool } = await call("CreateUserPool", { PoolName: "edge-federation" });
    const poolId = UserPool.Id as string;
    await call("CreateIdentityProvider", {
      UserPoolId: poolId,
      ProviderName: "Google",
      ProviderType: "Google",
      ProviderDetails: { client_id: "g", client_secret: "gs", authorize_scopes: "openid email" },
      AttributeMapping: { email: "email", name: "name" },
    });
    const store = await ctx.store();
    const pool = (await store.pools.get(poolId))!;
    const provider = (await store.identityProviders.get(poolId, "Google"))!;
    const signIn = async (subject: string, claims: Record<string, unknown>) => {
      const result = await federatedSignIn(ctx, pool, { provider, subject, claims });
      if ("error" in result) throw new Error(result.description);
      return result.user;
    };

    const users = await Promise.all(
      Array.from({ length: 4 }, () => signIn("1026", { email: "ann@example.com", name: "Ann" })),
    );
    expect(new Set(users.map((u) => u.sub)).size).toBe(1);
    const seen = await call("AdminGetUser", { UserPoolId: poolId, Username: "google_1026" });
    expect(seen.UserStatus).toBe("EXTERNAL_PROVIDER");
    expect(JSON.parse(attrs(seen.UserAttributes).identities!)).toMatchObject([
      { userId: "1026", providerName: "Google", providerType: "Google", issuer: null, primary: true },
    ]);
    const groups = await call("AdminListGroupsForUser", { UserPoolId: poolId, Username: "google_1026" });
    expect(groups.Groups.map((g: { GroupName: string }) => g.GroupName)).toEqual([`${poolId}_Google`]);
    expect((await signIn("1026", { name: "Ann B" })).attributes).toMatchObject({
      email: "ann@example.com",
      name: "Ann B",
    });

    await call("AdminCreateUser", { UserPoolId: poolId, Username: "bob", MessageAction: "SUPPRESS" });
    const source = {
      ProviderName: "Google",
      ProviderAttributeName: "Cognito_Subject",
      ProviderAttributeValue: "g-bob",
    };
    await call("AdminLinkProviderForUser", {
      UserPoolId: poolId,
      DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: "bob" },
      SourceUser: source,
    });
    expect((await signIn("g-bob", { name: "Bob" })).username).toBe("bob");
    await call("AdminDisableProviderForUser", { UserPoolId: poolId, User: source });
    expect((await signIn("g-bob", { name: "Bob" })).username).toBe("google_g-bob");
    const bob = await call("AdminGetUser", { UserPoolId: poolId, Username: "bob" });
    expect(attrs(bob.UserAttributes)).not.toHaveProperty("identities");
  });
});
