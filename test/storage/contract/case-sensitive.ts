import { describe, expect, it } from "vitest";
import { UsernameExistsError } from "../../../src/storage/index.js";
import { NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const SENSITIVE = "us-east-1_Sensitive1";

export function caseSensitiveContract(ctx: Context): void {
  describe("case-sensitive pools", () => {
    it("key usernames, aliases and codes as given, while other pools fold case", async () => {
      const { store } = ctx();
      await seedPool(store);
      expect(
        await store.pools.create(
          { id: SENSITIVE, name: "sensitive", config: { UsernameConfiguration: { CaseSensitive: true } } },
          NOW,
        ),
      ).not.toBeNull();

      const upper = await seedUser(store, "Bob", {}, SENSITIVE);
      const lower = await seedUser(store, "bob", {}, SENSITIVE);
      expect(upper.sub).not.toBe(lower.sub);
      expect((await store.users.get(SENSITIVE, "Bob"))?.sub).toBe(upper.sub);
      expect((await store.users.get(SENSITIVE, "bob"))?.sub).toBe(lower.sub);
      expect(await store.users.get(SENSITIVE, "BOB")).toBeNull();
      await expect(seedUser(store, "Bob", {}, SENSITIVE)).rejects.toBeInstanceOf(UsernameExistsError);

      expect(await store.aliases.claim(SENSITIVE, upper.sub, "email", "Bob@Example.com", { now: NOW })).toBe(
        true,
      );
      expect(await store.aliases.claim(SENSITIVE, lower.sub, "email", "bob@example.com", { now: NOW })).toBe(
        true,
      );
      expect((await store.users.getByAlias(SENSITIVE, "email", "Bob@Example.com"))?.sub).toBe(upper.sub);
      expect(await store.users.getByAlias(SENSITIVE, "email", "BOB@EXAMPLE.COM")).toBeNull();

      await store.codes.issue(
        {
          poolId: SENSITIVE,
          username: "Bob",
          purpose: "signup",
          codeHash: "h-upper",
          expiresAt: NOW + 1000,
          maxAttempts: 3,
        },
        NOW,
      );
      await store.codes.issue(
        {
          poolId: SENSITIVE,
          username: "bob",
          purpose: "signup",
          codeHash: "h-lower",
          expiresAt: NOW + 1000,
          maxAttempts: 3,
        },
        NOW,
      );
      expect(await store.codes.consume(SENSITIVE, "Bob", "signup", "h-upper", NOW)).not.toBeNull();
      expect(await store.codes.consume(SENSITIVE, "bob", "signup", "h-upper", NOW)).toBeNull();
      expect(await store.codes.consume(SENSITIVE, "bob", "signup", "h-lower", NOW)).not.toBeNull();

      expect(await store.users.update(SENSITIVE, "Bob", { enabled: false }, { now: NOW })).toMatchObject({
        username: "Bob",
        enabled: false,
      });
      expect((await store.users.get(SENSITIVE, "bob"))?.enabled).toBe(true);
      expect(await store.users.delete(SENSITIVE, "BOB")).toBe(false);
      expect(await store.users.delete(SENSITIVE, "Bob")).toBe(true);
      expect(await store.users.get(SENSITIVE, "bob")).not.toBeNull();

      // The default pool, beside it, still folds case.
      await seedUser(store, "Carol");
      await expect(seedUser(store, "carol")).rejects.toBeInstanceOf(UsernameExistsError);
      expect((await store.users.get(POOL, "CAROL"))?.username).toBe("Carol");
    });
  });
}
