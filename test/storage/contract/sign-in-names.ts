import { describe, expect, it } from "vitest";
import { AliasExistsError, UsernameExistsError } from "../../../src/storage/index.js";
import { NOW, outcomes, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const SUB_X = "cccccccc-0000-4000-8000-000000000003";

/**
 * Usernames and aliases of every kind are one key space per pool: no name can sign two users in,
 * so no lookup order can pick the wrong one.
 */
export function signInNamesContract(ctx: Context): void {
  describe("sign-in names (usernames and aliases are one key space)", () => {
    it("refuses a username equal to another user's alias of any kind, by the pool's key", async () => {
      const { store } = ctx();
      await seedPool(store);
      const victim = await seedUser(store, "victim");
      await store.aliases.claim(POOL, victim.sub, "email", "Victim@Example.com", { now: NOW });
      await store.aliases.claim(POOL, victim.sub, "phone_number", "+15550001111", { now: NOW });
      await store.aliases.claim(POOL, victim.sub, "preferred_username", "VicNick", { now: NOW });
      for (const name of ["victim@example.com", "+15550001111", "vicnick", "ＶＩＣＮＩＣＫ"]) {
        await expect(seedUser(store, name)).rejects.toBeInstanceOf(UsernameExistsError);
        expect(await store.users.get(POOL, name)).toBeNull();
      }
      expect(await store.users.count(POOL)).toBe(1);
      // A name nobody holds is still free.
      await expect(seedUser(store, "someone")).resolves.toMatchObject({ username: "someone" });
    });

    it("refuses a new user's alias equal to another user's username or another user's alias of another kind; creates nothing", async () => {
      const { store } = ctx();
      await seedPool(store);
      const bob = await seedUser(store, "bob");
      await store.aliases.claim(POOL, bob.sub, "email", "bob@example.com", { now: NOW });
      const byUsername = store.users.create(
        {
          poolId: POOL,
          sub: SUB_X,
          username: "carol",
          status: "CONFIRMED",
          attributes: {},
          aliases: { preferred_username: "BOB" },
        },
        NOW,
      );
      await expect(byUsername).rejects.toBeInstanceOf(AliasExistsError);
      await expect(byUsername).rejects.toMatchObject({ alias: "preferred_username" });
      const byOtherKind = store.users.create(
        {
          poolId: POOL,
          sub: SUB_X,
          username: "carol",
          status: "CONFIRMED",
          attributes: {},
          aliases: { preferred_username: "Bob@Example.com" },
        },
        NOW,
      );
      await expect(byOtherKind).rejects.toMatchObject({ alias: "preferred_username" });
      expect(await store.users.get(POOL, "carol")).toBeNull();
      // A user's own username and aliases may agree with each other.
      await expect(
        store.users.create(
          {
            poolId: POOL,
            sub: SUB_X,
            username: "carol",
            status: "CONFIRMED",
            attributes: {},
            aliases: { preferred_username: "Carol" },
          },
          NOW,
        ),
      ).resolves.toMatchObject({ sub: SUB_X });
      expect((await store.users.getByAlias(POOL, "preferred_username", "carol"))?.sub).toBe(SUB_X);
    });

    it("refuses a claim equal to another user's username or another user's alias of another kind, and changes nothing", async () => {
      const { store } = ctx();
      await seedPool(store);
      const victim = await seedUser(store, "Victim");
      const attacker = await seedUser(store, "attacker");
      await store.aliases.claim(POOL, victim.sub, "email", "victim@example.com", { now: NOW });
      await store.aliases.claim(POOL, attacker.sub, "preferred_username", "old-nick", { now: NOW });
      for (const value of ["victim", "ＶＩＣＴＩＭ", "VICTIM@example.com"]) {
        await expect(
          store.aliases.claim(POOL, attacker.sub, "preferred_username", value, { now: NOW }),
        ).rejects.toBeInstanceOf(AliasExistsError);
        // Not even with steal: moving only applies within one kind of alias.
        await expect(
          store.aliases.claim(POOL, attacker.sub, "preferred_username", value, { now: NOW, steal: true }),
        ).rejects.toMatchObject({ alias: "preferred_username" });
      }
      expect(await store.aliases.clashes(POOL, attacker.sub, "preferred_username", "VICTIM")).toBe(true);
      expect(
        await store.aliases.clashes(POOL, attacker.sub, "preferred_username", "victim@example.com"),
      ).toBe(true);
      expect(await store.aliases.clashes(POOL, attacker.sub, "email", "victim@example.com")).toBe(false);
      expect(await store.aliases.clashes(POOL, victim.sub, "preferred_username", "victim@example.com")).toBe(
        false,
      );
      expect(await store.aliases.clashes(POOL, attacker.sub, "preferred_username", "free-name")).toBe(false);
      // The refused claims left the attacker's own alias and the victim's as they were.
      expect(await store.aliases.holder(POOL, "preferred_username", "old-nick")).toBe(attacker.sub);
      expect(await store.aliases.holder(POOL, "email", "victim@example.com")).toBe(victim.sub);
      expect(await store.aliases.holder(POOL, "preferred_username", "victim@example.com")).toBeNull();
      // The user's own username and own other alias are theirs to use.
      expect(await store.aliases.claim(POOL, victim.sub, "preferred_username", "VICTIM", { now: NOW })).toBe(
        true,
      );
      expect(await store.aliases.claim(POOL, victim.sub, "phone_number", "+15550009999", { now: NOW })).toBe(
        true,
      );
      await expect(
        store.aliases.claim(POOL, attacker.sub, "email", "+15550009999", { now: NOW }),
      ).rejects.toMatchObject({ alias: "email" });
    });

    it("gives a name to exactly one of a sign-up and an alias claim racing for it", async () => {
      const { store } = ctx();
      await seedPool(store);
      const holders = await Promise.all(["ann", "ben", "cat", "dan"].map((name) => seedUser(store, name)));
      for (const [i, holder] of holders.entries()) {
        const name = `racer${i}`;
        const { won, lost } = await outcomes<unknown>([
          i % 2 === 0
            ? seedUser(store, name.toUpperCase())
            : store.aliases.claim(POOL, holder.sub, "preferred_username", name, { now: NOW }),
          i % 2 === 0
            ? store.aliases.claim(POOL, holder.sub, "preferred_username", name, { now: NOW })
            : seedUser(store, name.toUpperCase()),
        ]);
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0] instanceof UsernameExistsError || lost[0] instanceof AliasExistsError).toBe(true);
        const user = await store.users.get(POOL, name);
        const alias = await store.aliases.holder(POOL, "preferred_username", name);
        // One of the two, never both.
        expect((user === null) !== (alias === null)).toBe(true);
      }
    });
  });
}
