import { describe, expect, it } from "vitest";
import {
  InvalidPaginationTokenError,
  MAX_IDENTITY_LOGINS,
  type Repositories,
  SqlConstraintError,
} from "../../../src/storage/index.js";
import { NOW, outcomes, type Context } from "./fixtures.js";
import { IDENTITY_POOL, identityPool, seedIdentityPool } from "./identity-pools.js";

const OTHER_POOL = "us-east-1:0000bbbb-0000-4000-8000-000000000002";
const GOOGLE = "accounts.google.com";
const FACEBOOK = "graph.facebook.com";
/** The pools' developer provider (identityPool's). */
const DEVELOPER = "login.example";

let made = 0;
const newId = () => `us-east-1:1d000000-0000-4000-8000-${String(++made).padStart(12, "0")}`;

/** An identity holding one login (GetId with one provider). */
async function signedIn(store: Repositories, provider: string, subject: string, pool = IDENTITY_POOL) {
  const { identityId, created } = await store.identities.forLogin(pool, provider, subject, newId(), NOW);
  expect(created).toBe(true);
  return identityId;
}

export function identitiesContract(ctx: Context): void {
  describe("identities", () => {
    it("creates unauthenticated identities, reads them with their logins, touches and lists them", async () => {
      const { store } = ctx();
      await seedIdentityPool(store);
      const id = newId();
      await store.identities.create(IDENTITY_POOL, id, NOW);
      expect(await store.identities.get(id)).toEqual({
        id,
        poolId: IDENTITY_POOL,
        createdAt: NOW,
        lastModifiedAt: NOW,
        mergedInto: null,
        signedIn: false,
        logins: [],
      });
      expect(await store.identities.get("us-east-1:missing")).toBeNull();
      await store.identities.touch(id, NOW + 5);
      expect((await store.identities.get(id))?.lastModifiedAt).toBe(NOW + 5);
      // An id in use, or a pool that is gone, stores nothing.
      await expect(store.identities.create(IDENTITY_POOL, id, NOW)).rejects.toMatchObject({ kind: "unique" });
      await expect(store.identities.create(OTHER_POOL, newId(), NOW)).rejects.toMatchObject({
        name: "SqlConstraintError",
        kind: "foreign_key",
      });

      const ids = [id];
      for (let i = 0; i < 4; i++) ids.push(await signedIn(store, GOOGLE, `g${i}`));
      expect(await store.identities.link(ids[1]!, FACEBOOK, "f1", NOW + 1)).toBe("linked");
      const first = await store.identities.list(IDENTITY_POOL, 2);
      expect(first.items.map((i) => i.id)).toEqual(ids.slice(0, 2));
      expect(first.items[1]!.logins).toEqual([
        { provider: GOOGLE, subject: "g0" },
        { provider: FACEBOOK, subject: "f1" },
      ]);
      const second = await store.identities.list(IDENTITY_POOL, 2, first.nextToken);
      const third = await store.identities.list(IDENTITY_POOL, 2, second.nextToken);
      expect([...second.items, ...third.items].map((i) => i.id)).toEqual(ids.slice(2));
      expect(third.nextToken).toBeUndefined();
      expect(third.items[0]!.logins).toEqual([{ provider: GOOGLE, subject: "g3" }]);
      await expect(store.identities.list(IDENTITY_POOL, 2, "e30")).rejects.toBeInstanceOf(
        InvalidPaginationTokenError,
      );
      const pools = await (async () => {
        await store.identityPools.create(identityPool(OTHER_POOL));
        await store.identityPools.create(identityPool(`${OTHER_POOL}9`));
        return store.identityPools.list(1);
      })();
      await expect(store.identities.list(IDENTITY_POOL, 2, pools.nextToken)).rejects.toBeInstanceOf(
        InvalidPaginationTokenError,
      );
      // Another pool's identities are not listed.
      expect(await store.identities.list(OTHER_POOL, 60)).toEqual({ items: [] });
    });

    it("marks an identity signed in for good once it holds a login: linked, made by one, or merged with one", async () => {
      const { store } = ctx();
      await seedIdentityPool(store);
      const guest = newId();
      await store.identities.create(IDENTITY_POOL, guest, NOW);
      expect((await store.identities.get(guest))!.signedIn).toBe(false);
      expect(await store.identities.link(guest, GOOGLE, "s1", NOW + 1)).toBe("linked");
      expect((await store.identities.get(guest))!.signedIn).toBe(true);
      // Its last login unlinked, it stays signed in: never a guest anyone may take.
      expect(await store.identities.unlink(guest, [{ provider: GOOGLE, subject: "s1" }], NOW + 2)).toBe(1);
      expect(await store.identities.get(guest)).toMatchObject({ logins: [], signedIn: true });
      const made = await store.identities.forLogin(IDENTITY_POOL, GOOGLE, "s2", newId(), NOW);
      expect((await store.identities.get(made.identityId))!.signedIn).toBe(true);
      const parent = newId();
      await store.identities.create(IDENTITY_POOL, parent, NOW);
      expect(await store.identities.merge(IDENTITY_POOL, parent, made.identityId, NOW + 3)).toBe("merged");
      expect((await store.identities.get(parent))!.signedIn).toBe(true);
      const other = newId();
      const guestChild = newId();
      await store.identities.create(IDENTITY_POOL, other, NOW);
      await store.identities.create(IDENTITY_POOL, guestChild, NOW);
      expect(await store.identities.merge(IDENTITY_POOL, other, guestChild, NOW + 3)).toBe("merged");
      expect((await store.identities.get(other))!.signedIn).toBe(false);
    });

    it("gives one identity to a login, and exactly one to concurrent first sign-ins with it", async () => {
      const { store } = ctx();
      await seedIdentityPool(store);
      await seedIdentityPool(store, OTHER_POOL);
      const id = await signedIn(store, GOOGLE, "g1");
      expect(await store.identities.forLogin(IDENTITY_POOL, GOOGLE, "g1", newId(), NOW + 1)).toEqual({
        identityId: id,
        created: false,
      });
      expect(await store.identities.findByLogin(IDENTITY_POOL, GOOGLE, "g1")).toBe(id);
      expect(await store.identities.findByLogin(IDENTITY_POOL, GOOGLE, "g2")).toBeNull();
      // The same login in another pool is another identity.
      const elsewhere = await signedIn(store, GOOGLE, "g1", OTHER_POOL);
      expect(elsewhere).not.toBe(id);
      expect((await store.identities.get(elsewhere))?.poolId).toBe(OTHER_POOL);

      const { won, lost } = await outcomes(
        Array.from({ length: 5 }, () =>
          store.identities.forLogin(IDENTITY_POOL, FACEBOOK, "race", newId(), NOW),
        ),
      );
      expect(lost).toEqual([]);
      expect(won.filter((w) => w.created)).toHaveLength(1);
      expect(new Set(won.map((w) => w.identityId)).size).toBe(1);
      const all = await store.identities.list(IDENTITY_POOL, 60);
      expect(all.items.map((i) => i.id).sort()).toEqual([id, won[0]!.identityId].sort());

      // A pool that is gone makes nothing.
      await expect(
        store.identities.forLogin("us-east-1:gone", GOOGLE, "g9", newId(), NOW),
      ).rejects.toBeInstanceOf(SqlConstraintError);
      expect(await store.identities.findByLogin("us-east-1:gone", GOOGLE, "g9")).toBeNull();
    });

    it("links logins: held, held by another, one subject per provider, twenty at most, live identities only", async () => {
      const { store } = ctx();
      await seedIdentityPool(store);
      const ann = await signedIn(store, GOOGLE, "ann");
      const bob = await signedIn(store, GOOGLE, "bob");
      expect(await store.identities.link(ann, FACEBOOK, "fa", NOW + 7)).toBe("linked");
      expect((await store.identities.get(ann))?.lastModifiedAt).toBe(NOW + 7);
      expect(await store.identities.link(ann, FACEBOOK, "fa", NOW + 8)).toBe("held");
      expect(await store.identities.link(bob, FACEBOOK, "fa", NOW + 8)).toEqual({ heldBy: ann });
      expect(await store.identities.link(ann, FACEBOOK, "fa2", NOW + 8)).toBe("provider-taken");
      expect(await store.identities.link(ann, DEVELOPER, "dev-ann", NOW + 8)).toBe("linked");
      expect(await store.identities.link(ann, DEVELOPER, "dev-ann2", NOW + 8)).toBe("provider-taken");
      expect(await store.identities.link("us-east-1:missing", FACEBOOK, "fz", NOW)).toBe("gone");
      expect((await store.identities.get(ann))?.lastModifiedAt).toBe(NOW + 8);

      // Twenty logins at most (three held: Google, Facebook, the developer provider).
      for (let i = 3; i < MAX_IDENTITY_LOGINS; i++)
        expect(await store.identities.link(ann, `oidc${i}.example`, "s", NOW + 9)).toBe("linked");
      expect(await store.identities.link(ann, "oidc-last.example", "s", NOW + 9)).toBe("limit");
      expect((await store.identities.get(ann))?.logins).toHaveLength(MAX_IDENTITY_LOGINS);
      expect(await store.identities.findByLogin(IDENTITY_POOL, "oidc-last.example", "s")).toBeNull();

      // Two identities racing for one login: exactly one links it.
      const carl = await signedIn(store, GOOGLE, "carl");
      const results = await Promise.all([
        store.identities.link(bob, "appleid.apple.com", "race", NOW + 10),
        store.identities.link(carl, "appleid.apple.com", "race", NOW + 10),
      ]);
      expect(results.filter((r) => r === "linked")).toHaveLength(1);
      const winner = results[0] === "linked" ? bob : carl;
      expect(results).toContainEqual({ heldBy: winner });
      expect(await store.identities.findByLogin(IDENTITY_POOL, "appleid.apple.com", "race")).toBe(winner);
    });

    it("merges one identity into another in one batch, all or nothing", async () => {
      const { store } = ctx();
      await seedIdentityPool(store);
      const parent = await signedIn(store, DEVELOPER, "dev-a");
      const child = await signedIn(store, DEVELOPER, "dev-b");
      expect(await store.identities.link(child, GOOGLE, "g-child", NOW)).toBe("linked");
      const earlier = await signedIn(store, FACEBOOK, "f-earlier");
      expect(await store.identities.merge(IDENTITY_POOL, child, earlier, NOW + 1)).toBe("merged");
      expect((await store.identities.get(earlier))?.mergedInto).toBe(child);

      // Two subjects of the developer provider merge (MergeDeveloperIdentities' purpose).
      expect(await store.identities.merge(IDENTITY_POOL, parent, child, NOW + 2)).toBe("merged");
      const merged = (await store.identities.get(parent))!;
      expect(merged.lastModifiedAt).toBe(NOW + 2);
      expect(merged.logins.map((l) => `${l.provider}/${l.subject}`).sort()).toEqual(
        [`${DEVELOPER}/dev-a`, `${DEVELOPER}/dev-b`, `${FACEBOOK}/f-earlier`, `${GOOGLE}/g-child`].sort(),
      );
      expect(await store.identities.get(child)).toMatchObject({
        mergedInto: parent,
        logins: [],
        lastModifiedAt: NOW + 2,
      });
      // An identity merged into the child earlier now points at the live one.
      expect((await store.identities.get(earlier))?.mergedInto).toBe(parent);
      expect(await store.identities.findByLogin(IDENTITY_POOL, GOOGLE, "g-child")).toBe(parent);
      const live = await store.identities.list(IDENTITY_POOL, 60, undefined, true);
      expect(live.items.map((i) => i.id)).toEqual([parent]);
      expect((await store.identities.list(IDENTITY_POOL, 60)).items).toHaveLength(3);
      // A disabled identity links nothing, merges nothing, and is no parent.
      expect(await store.identities.link(child, FACEBOOK, "f-new", NOW)).toBe("gone");
      const spare = await signedIn(store, "appleid.apple.com", "spare");
      expect(await store.identities.merge(IDENTITY_POOL, child, spare, NOW + 3)).toBe("gone");
      // Again, or into itself: nothing to do.
      expect(await store.identities.merge(IDENTITY_POOL, parent, child, NOW + 3)).toBe("merged");
      expect(await store.identities.merge(IDENTITY_POOL, parent, parent, NOW + 3)).toBe("merged");
      expect(await store.identities.merge(IDENTITY_POOL, parent, "us-east-1:missing", NOW + 3)).toBe("gone");
      expect(await store.identities.merge(OTHER_POOL, parent, spare, NOW + 3)).toBe("gone");
      expect((await store.identities.get(parent))?.lastModifiedAt).toBe(NOW + 2);

      // Different subjects of one public provider: refused, nothing moves.
      const rival = await signedIn(store, GOOGLE, "g-rival");
      expect(await store.identities.merge(IDENTITY_POOL, parent, rival, NOW + 4)).toBe("provider-taken");
      expect(await store.identities.get(rival)).toMatchObject({
        mergedInto: null,
        logins: [{ provider: GOOGLE, subject: "g-rival" }],
      });

      // More than twenty logins together: refused, nothing moves.
      for (let i = 0; i < MAX_IDENTITY_LOGINS - 4; i++)
        expect(await store.identities.link(spare, `oidc${i}.example`, "s", NOW)).toBe("linked");
      expect(await store.identities.merge(IDENTITY_POOL, parent, spare, NOW + 5)).toBe("limit");
      expect(await store.identities.get(spare)).toMatchObject({ mergedInto: null });
      expect((await store.identities.get(spare))?.logins).toHaveLength(MAX_IDENTITY_LOGINS - 3);
      expect((await store.identities.get(parent))?.logins).toHaveLength(4);
      // Twenty exactly is allowed.
      expect(await store.identities.unlink(spare, [{ provider: "oidc0.example", subject: "s" }], NOW)).toBe(
        1,
      );
      expect(await store.identities.merge(IDENTITY_POOL, parent, spare, NOW + 6)).toBe("merged");
      expect((await store.identities.get(parent))?.logins).toHaveLength(MAX_IDENTITY_LOGINS);
    });

    it("unlinks logins, after which they sign in as new identities", async () => {
      const { store } = ctx();
      await seedIdentityPool(store);
      const id = await signedIn(store, GOOGLE, "g1");
      await store.identities.link(id, FACEBOOK, "f1", NOW);
      expect(
        await store.identities.unlink(
          id,
          [
            { provider: FACEBOOK, subject: "f1" },
            { provider: FACEBOOK, subject: "f1" },
            { provider: GOOGLE, subject: "not-held" },
          ],
          NOW + 3,
        ),
      ).toBe(1);
      expect(await store.identities.get(id)).toMatchObject({
        lastModifiedAt: NOW + 3,
        logins: [{ provider: GOOGLE, subject: "g1" }],
      });
      expect(await store.identities.unlink(id, [{ provider: GOOGLE, subject: "not-held" }], NOW + 4)).toBe(0);
      expect(await store.identities.unlink(id, [], NOW + 4)).toBe(0);
      expect((await store.identities.get(id))?.lastModifiedAt).toBe(NOW + 3);
      const again = await store.identities.forLogin(IDENTITY_POOL, FACEBOOK, "f1", newId(), NOW);
      expect(again.created).toBe(true);
      expect(again.identityId).not.toBe(id);
    });

    it("deletes identities with their logins, and says which existed", async () => {
      const { store } = ctx();
      await seedIdentityPool(store);
      const [a, b] = [await signedIn(store, GOOGLE, "a"), await signedIn(store, GOOGLE, "b")];
      expect((await store.identities.delete([a, "us-east-1:missing", a, b])).sort()).toEqual([a, b].sort());
      expect(await store.identities.delete([a])).toEqual([]);
      expect(await store.identities.get(a)).toBeNull();
      expect(await store.identities.findByLogin(IDENTITY_POOL, GOOGLE, "a")).toBeNull();
      const many = Array.from({ length: 60 }, (_, i) => `us-east-1:many-${i}`);
      for (const id of many.slice(0, 55)) await store.identities.create(IDENTITY_POOL, id, NOW);
      expect(await store.identities.delete(many)).toHaveLength(55);
      expect(await store.identities.list(IDENTITY_POOL, 60)).toEqual({ items: [] });
    });

    it("looks up developer logins by identity, by subject, or both, a page at a time", async () => {
      const { store } = ctx();
      await seedIdentityPool(store);
      const one = await signedIn(store, DEVELOPER, "u1");
      const two = await signedIn(store, DEVELOPER, "u2");
      const three = await signedIn(store, DEVELOPER, "u3");
      expect(await store.identities.merge(IDENTITY_POOL, one, three, NOW)).toBe("merged");
      await store.identities.link(one, GOOGLE, "g1", NOW);
      const lookup = store.identities.developerLogins.bind(store.identities, IDENTITY_POOL, DEVELOPER);

      expect(await lookup({ identityId: one }, 60)).toEqual({
        items: [
          { identityId: one, subject: "u1" },
          { identityId: one, subject: "u3" },
        ],
      });
      expect(await lookup({ subject: "u2" }, 60)).toEqual({ items: [{ identityId: two, subject: "u2" }] });
      expect(await lookup({ identityId: one, subject: "u3" }, 60)).toEqual({
        items: [{ identityId: one, subject: "u3" }],
      });
      expect(await lookup({ identityId: two, subject: "u3" }, 60)).toEqual({ items: [] });
      expect(await lookup({ subject: "g1" }, 60)).toEqual({ items: [] });

      const first = await lookup({ identityId: one }, 1);
      expect(first.items).toEqual([{ identityId: one, subject: "u1" }]);
      expect(await lookup({ identityId: one }, 1, first.nextToken)).toEqual({
        items: [{ identityId: one, subject: "u3" }],
      });
      const identities = await store.identities.list(IDENTITY_POOL, 1);
      await expect(lookup({ identityId: one }, 1, identities.nextToken)).rejects.toBeInstanceOf(
        InvalidPaginationTokenError,
      );
    });
  });
}
