import { describe, expect, it } from "vitest";
import {
  type IdentityPoolRecord,
  InvalidPaginationTokenError,
  type Repositories,
  SqlConstraintError,
} from "../../../src/storage/index.js";
import { NOW, type Context } from "./fixtures.js";

export const IDENTITY_POOL = "us-east-1:0000aaaa-0000-4000-8000-000000000001";

/** A pool record with every setting filled, for `create`. */
export function identityPool(
  id = IDENTITY_POOL,
  changes: Partial<IdentityPoolRecord> = {},
): IdentityPoolRecord {
  return {
    id,
    name: `pool ${id.slice(-4)}`,
    allowUnauthenticated: true,
    allowClassicFlow: false,
    developerProviderName: "login.example",
    supportedLoginProviders: { "accounts.google.com": "google-app" },
    openIdConnectProviderArns: ["arn:aws:iam::000000000000:oidc-provider/issuer.example"],
    cognitoIdentityProviders: [
      {
        ProviderName: "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC",
        ClientId: "client1",
        ServerSideTokenCheck: true,
      },
    ],
    samlProviderArns: ["arn:aws:iam::000000000000:saml-provider/Corp"],
    tags: { team: "auth" },
    roles: {},
    roleMappings: {},
    createdAt: NOW,
    updatedAt: NOW,
    ...changes,
  };
}

export async function seedIdentityPool(store: Repositories, id = IDENTITY_POOL): Promise<IdentityPoolRecord> {
  const record = identityPool(id);
  await store.identityPools.create(record);
  return record;
}

const poolId = (n: number) => `us-east-1:0000aaaa-0000-4000-8000-${String(n).padStart(12, "0")}`;

export function identityPoolsContract(ctx: Context): void {
  describe("identity pools", () => {
    it("creates, reads, counts and lists pools in id order, refusing a taken id and a foreign token", async () => {
      const { store } = ctx();
      expect(await store.identityPools.count()).toBe(0);
      expect(await store.identityPools.list(60)).toEqual({ items: [] });
      for (const n of [3, 1, 2]) await store.identityPools.create(identityPool(poolId(n)));
      expect(await store.identityPools.get(poolId(1))).toEqual(identityPool(poolId(1)));
      expect(await store.identityPools.get("us-east-1:missing")).toBeNull();
      const privatePool = identityPool(poolId(9), {
        developerProviderName: null,
        allowUnauthenticated: false,
      });
      await store.identityPools.create(privatePool);
      expect(await store.identityPools.get(poolId(9))).toEqual(privatePool);
      expect(await store.identityPools.count()).toBe(4);

      await expect(
        store.identityPools.create(identityPool(poolId(1), { name: "again" })),
      ).rejects.toMatchObject({
        kind: "unique",
      });
      await expect(store.identityPools.create(identityPool(poolId(1)))).rejects.toBeInstanceOf(
        SqlConstraintError,
      );
      expect((await store.identityPools.get(poolId(1)))?.name).toBe(identityPool(poolId(1)).name);

      const first = await store.identityPools.list(3);
      expect(first.items.map((p) => p.id)).toEqual([poolId(1), poolId(2), poolId(3)]);
      expect(first.nextToken).toEqual(expect.any(String));
      const second = await store.identityPools.list(3, first.nextToken);
      expect(second).toEqual({ items: [privatePool] });
      // Out of range sizes fall back to the largest page.
      expect((await store.identityPools.list(0)).items).toHaveLength(4);
      // A token of another listing (the pool's identities) or no token of ours is refused.
      for (const n of [1, 2]) await store.identities.create(poolId(1), `${poolId(1)}-${n}`, NOW);
      const identities = await store.identities.list(poolId(1), 1);
      expect(identities.nextToken).toEqual(expect.any(String));
      for (const token of [identities.nextToken, "bm90LWEtdG9rZW4", "%%%"])
        await expect(store.identityPools.list(3, token)).rejects.toBeInstanceOf(InvalidPaginationTokenError);
    });

    it("updates the settings but not the tags, roles and mappings, which have writes of their own", async () => {
      const { store } = ctx();
      const pool = await seedIdentityPool(store);
      const roles = {
        authenticated: "arn:aws:iam::000000000000:role/Auth",
        unauthenticated: "arn:aws:iam::000000000000:role/Unauth",
      };
      const mappings = {
        "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC:client1": {
          Type: "Rules",
          AmbiguousRoleResolution: "Deny",
          RulesConfiguration: {
            Rules: [{ Claim: "custom:dept", MatchType: "Equals", Value: "x", RoleARN: roles.authenticated }],
          },
        },
      };
      expect(await store.identityPools.setRoles(IDENTITY_POOL, roles, mappings)).toBe(true);
      expect(await store.identityPools.setTags(IDENTITY_POOL, { a: "1", b: "2" })).toBe(true);
      const changed = identityPool(IDENTITY_POOL, {
        name: "renamed",
        allowUnauthenticated: false,
        allowClassicFlow: true,
        supportedLoginProviders: {},
        openIdConnectProviderArns: [],
        cognitoIdentityProviders: [],
        samlProviderArns: [],
        // Ignored by update.
        tags: {},
        roles: {},
        roleMappings: { ignored: true },
        createdAt: NOW + 5,
        updatedAt: NOW + 10,
      });
      expect(await store.identityPools.update(changed)).toBe(true);
      expect(await store.identityPools.get(IDENTITY_POOL)).toEqual({
        ...changed,
        tags: { a: "1", b: "2" },
        roles,
        roleMappings: mappings,
        createdAt: pool.createdAt,
      });
      // setTags replaces the whole map; roles can be emptied.
      expect(await store.identityPools.setTags(IDENTITY_POOL, {})).toBe(true);
      expect(await store.identityPools.setRoles(IDENTITY_POOL, {}, {})).toBe(true);
      expect(await store.identityPools.get(IDENTITY_POOL)).toMatchObject({
        tags: {},
        roles: {},
        roleMappings: {},
      });

      const gone = identityPool(poolId(7));
      expect(await store.identityPools.update(gone)).toBe(false);
      expect(await store.identityPools.setRoles(gone.id, roles, {})).toBe(false);
      expect(await store.identityPools.setTags(gone.id, {})).toBe(false);
      expect(await store.identityPools.get(gone.id)).toBeNull();
    });

    it("keeps one principal-tag map per provider, replaced whole, only for a pool that exists", async () => {
      const { store } = ctx();
      await seedIdentityPool(store);
      const provider = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC";
      expect(await store.identityPools.getPrincipalTags(IDENTITY_POOL, provider)).toBeNull();
      expect(
        await store.identityPools.putPrincipalTags({
          poolId: IDENTITY_POOL,
          providerName: provider,
          useDefaults: true,
          tags: {},
        }),
      ).toBe(true);
      expect(
        await store.identityPools.putPrincipalTags({
          poolId: IDENTITY_POOL,
          providerName: provider,
          useDefaults: false,
          tags: { dept: "custom:dept" },
        }),
      ).toBe(true);
      await store.identityPools.putPrincipalTags({
        poolId: IDENTITY_POOL,
        providerName: "accounts.google.com",
        useDefaults: true,
        tags: { username: "sub", client: "aud" },
      });
      expect(await store.identityPools.getPrincipalTags(IDENTITY_POOL, provider)).toEqual({
        poolId: IDENTITY_POOL,
        providerName: provider,
        useDefaults: false,
        tags: { dept: "custom:dept" },
      });
      expect(
        (await store.identityPools.getPrincipalTags(IDENTITY_POOL, "accounts.google.com"))?.tags,
      ).toEqual({
        username: "sub",
        client: "aud",
      });
      expect(
        await store.identityPools.putPrincipalTags({
          poolId: poolId(8),
          providerName: provider,
          useDefaults: true,
          tags: {},
        }),
      ).toBe(false);
      expect(await store.identityPools.getPrincipalTags(poolId(8), provider)).toBeNull();
    });

    it("deletes a pool with its identities, their logins and its principal-tag maps, and no other pool's", async () => {
      const { driver, store } = ctx();
      await seedIdentityPool(store);
      await seedIdentityPool(store, poolId(5));
      for (const pool of [IDENTITY_POOL, poolId(5)]) {
        await store.identities.create(pool, `${pool}-unauth`, NOW);
        await store.identities.forLogin(pool, "accounts.google.com", "g1", `${pool}-google`, NOW);
        await store.identityPools.putPrincipalTags({
          poolId: pool,
          providerName: "accounts.google.com",
          useDefaults: true,
          tags: {},
        });
      }
      const count = async (table: string) =>
        Number((await driver.first<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n);
      expect([await count("identities"), await count("identity_logins")]).toEqual([4, 2]);

      expect(await store.identityPools.delete(IDENTITY_POOL)).toBe(true);
      expect(await store.identityPools.delete(IDENTITY_POOL)).toBe(false);
      expect(await store.identityPools.get(IDENTITY_POOL)).toBeNull();
      expect(await store.identities.get(`${IDENTITY_POOL}-unauth`)).toBeNull();
      expect(await store.identities.findByLogin(IDENTITY_POOL, "accounts.google.com", "g1")).toBeNull();
      expect(await store.identityPools.getPrincipalTags(IDENTITY_POOL, "accounts.google.com")).toBeNull();
      expect([
        await count("identities"),
        await count("identity_logins"),
        await count("identity_principal_tags"),
      ]).toEqual([2, 1, 1]);
      expect(await store.identities.findByLogin(poolId(5), "accounts.google.com", "g1")).toBe(
        `${poolId(5)}-google`,
      );
    });
  });

  describe("identity signing keys", () => {
    it("stores keys once each and lists them oldest first", async () => {
      const { store } = ctx();
      expect(await store.identitySigningKeys.list()).toEqual([]);
      const key = (kid: string, createdAt: number) => ({
        kid,
        publicJwk: { kty: "RSA", kid, n: "AQAB", e: "AQAB", alg: "RS512", use: "sig" },
        sealedPrivateJwk: `sealed:${kid}`,
        createdAt,
      });
      expect(await store.identitySigningKeys.add(key("newer", NOW + 1))).toBe(true);
      expect(await store.identitySigningKeys.add(key("older", NOW))).toBe(true);
      // Two isolates making the first key: the second add of a kid stores nothing.
      expect(
        await store.identitySigningKeys.add({ ...key("older", NOW + 9), sealedPrivateJwk: "other" }),
      ).toBe(false);
      expect(await store.identitySigningKeys.list()).toEqual([key("older", NOW), key("newer", NOW + 1)]);
    });
  });
}
