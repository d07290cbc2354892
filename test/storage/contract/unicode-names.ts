import { describe, expect, it } from "vitest";
import { AliasExistsError, UsernameExistsError } from "../../../src/storage/index.js";
import { NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const SENSITIVE = "us-east-1_Sensitive2";
const FULL_WIDTH = "\uff41\uff4c\uff49\uff43\uff45"; // ａｌｉｃｅ
const DECOMPOSED = "jose\u0301"; // josé as e + combining acute
const COMPOSED = "jos\u00e9";

export function unicodeNamesContract(ctx: Context): void {
  describe("usernames and aliases that only look alike", () => {
    it("are one key (NFKC) in every pool, and the name is kept as given", async () => {
      const { store } = ctx();
      await seedPool(store);
      const alice = await seedUser(store, "alice");
      await expect(seedUser(store, FULL_WIDTH)).rejects.toBeInstanceOf(UsernameExistsError);
      await expect(seedUser(store, "\uff21LICE")).rejects.toBeInstanceOf(UsernameExistsError);
      expect((await store.users.get(POOL, FULL_WIDTH))?.sub).toBe(alice.sub);

      const jose = await seedUser(store, DECOMPOSED);
      expect(jose.username).toBe(DECOMPOSED);
      await expect(seedUser(store, COMPOSED)).rejects.toBeInstanceOf(UsernameExistsError);
      expect((await store.users.get(POOL, COMPOSED))?.username).toBe(DECOMPOSED);

      expect(await store.aliases.claim(POOL, alice.sub, "preferred_username", "boss", { now: NOW })).toBe(
        true,
      );
      await expect(
        store.aliases.claim(POOL, jose.sub, "preferred_username", "\uff42\uff4f\uff53\uff53", { now: NOW }),
      ).rejects.toBeInstanceOf(AliasExistsError);
      expect((await store.users.getByAlias(POOL, "preferred_username", "\uff22OSS"))?.sub).toBe(alice.sub);

      expect(
        await store.pools.create(
          { id: SENSITIVE, name: "sensitive", config: { UsernameConfiguration: { CaseSensitive: true } } },
          NOW,
        ),
      ).not.toBeNull();
      await seedUser(store, "Bob", {}, SENSITIVE);
      await expect(seedUser(store, "\uff22ob", {}, SENSITIVE)).rejects.toBeInstanceOf(UsernameExistsError);
      expect(await seedUser(store, "\uff42ob", {}, SENSITIVE)).toMatchObject({ username: "\uff42ob" });
    });
  });
}
