import { describe, expect, it } from "vitest";
import { AliasExistsError, UsernameExistsError } from "../../../src/storage/index.js";
import { CLIENT, NOW, outcomes, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const SUB_A = "aaaaaaaa-0000-4000-8000-000000000001";
const SUB_B = "bbbbbbbb-0000-4000-8000-000000000002";

export function usersContract(ctx: Context): void {
  describe("users", () => {
    it("creates a user and finds them by username (case-insensitively) and by sub", async () => {
      const { store } = ctx();
      await seedPool(store);
      const created = await store.users.create(
        {
          poolId: POOL,
          sub: SUB_A,
          username: "Alice",
          status: "UNCONFIRMED",
          attributes: { email: "alice@example.com", "custom:team": "blue" },
          srpSalt: "ab12",
          srpVerifier: "cd34",
        },
        NOW,
      );
      expect(created).toMatchObject({
        sub: SUB_A,
        poolId: POOL,
        username: "Alice",
        status: "UNCONFIRMED",
        enabled: true,
        attributes: { email: "alice@example.com", "custom:team": "blue" },
        srpSalt: "ab12",
        srpVerifier: "cd34",
        passwordExpiresAt: null,
        passwordUpdatedAt: NOW,
        failedSignIns: 0,
        lastFailedSignInAt: null,
        signedOutAt: null,
        createdAt: NOW,
        updatedAt: NOW,
      });
      expect(await store.users.get(POOL, "alice")).toEqual(created);
      expect(await store.users.get(POOL, "ALICE")).toEqual(created);
      expect(await store.users.getBySub(POOL, SUB_A)).toEqual(created);
      expect(await store.users.getBySub("us-east-1_Elsewhere", SUB_A)).toBeNull();
      expect(await store.users.get(POOL, "bob")).toBeNull();
      expect(await store.users.count(POOL)).toBe(1);
    });

    it("refuses a second user with the same username, whatever its case", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "alice");
      await expect(seedUser(store, "ALICE")).rejects.toBeInstanceOf(UsernameExistsError);
      await expect(seedUser(store, "alice")).rejects.toMatchObject({
        code: "USERNAME_EXISTS",
        username: "alice",
      });
      expect(await store.users.count(POOL)).toBe(1);
      // The same username in another pool is another user.
      await seedPool(store, "us-east-1_Other", "otherclient");
      await expect(seedUser(store, "Alice", {}, "us-east-1_Other")).resolves.toMatchObject({
        poolId: "us-east-1_Other",
      });
    });

    it("gives two concurrent sign-ups of one username exactly one winner (Alice vs alice)", async () => {
      const { store } = ctx();
      await seedPool(store);
      const { won, lost } = await outcomes([
        store.users.create(
          {
            poolId: POOL,
            sub: SUB_A,
            username: "Alice",
            status: "UNCONFIRMED",
            attributes: { email: "a@example.com" },
          },
          NOW,
        ),
        store.users.create(
          {
            poolId: POOL,
            sub: SUB_B,
            username: "alice",
            status: "UNCONFIRMED",
            attributes: { email: "b@example.com" },
          },
          NOW,
        ),
      ]);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]).toBeInstanceOf(UsernameExistsError);
      expect(await store.users.get(POOL, "ALICE")).toEqual(won[0]);
      // The loser left nothing behind: no search entry for its email.
      expect(
        (await store.users.list(POOL, { filter: { attribute: "email", prefix: true, value: "" } })).items.map(
          (u) => u.sub,
        ),
      ).toEqual([won[0]!.sub]);
    });

    it("gives one winner among many concurrent sign-ups of one username", async () => {
      const { store } = ctx();
      await seedPool(store);
      const names = ["bob", "Bob", "BOB", "bOb", "boB", "BoB"];
      const { won, lost } = await outcomes(
        names.map((username, i) =>
          store.users.create(
            {
              poolId: POOL,
              sub: `cccccccc-0000-4000-8000-00000000000${i}`,
              username,
              status: "UNCONFIRMED",
              attributes: {},
            },
            NOW,
          ),
        ),
      );
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(names.length - 1);
      expect(lost.every((e) => e instanceof UsernameExistsError)).toBe(true);
      expect(await store.users.count(POOL)).toBe(1);
    });

    it("claims aliases with the user, atomically: a taken alias creates nothing", async () => {
      const { store } = ctx();
      await seedPool(store);
      await store.users.create(
        {
          poolId: POOL,
          sub: SUB_A,
          username: "u1",
          status: "CONFIRMED",
          attributes: { email: "Shared@Example.com" },
          aliases: { email: "Shared@Example.com" },
        },
        NOW,
      );
      expect((await store.users.getByAlias(POOL, "email", "shared@example.COM"))?.sub).toBe(SUB_A);
      const taken = store.users.create(
        {
          poolId: POOL,
          sub: SUB_B,
          username: "u2",
          status: "CONFIRMED",
          attributes: {},
          aliases: { email: "shared@example.com" },
        },
        NOW,
      );
      await expect(taken).rejects.toBeInstanceOf(AliasExistsError);
      await expect(taken).rejects.toMatchObject({ alias: "email" });
      expect(await store.users.get(POOL, "u2")).toBeNull();
      expect(await store.users.getByAlias(POOL, "email", "nobody@example.com")).toBeNull();
    });

    it("replaces attributes and their search entries; a stale revision changes nothing", async () => {
      const { store } = ctx();
      await seedPool(store);
      const user = await seedUser(store, "carol", { email: "carol@old.example", given_name: "Carol" });
      const updated = await store.users.setAttributes(
        POOL,
        "CAROL",
        { ...user.attributes, email: "carol@new.example" },
        { now: NOW + 5 },
      );
      expect(updated).toMatchObject({
        attributes: { email: "carol@new.example", given_name: "Carol" },
        updatedAt: NOW + 5,
      });
      expect(updated!.revision).not.toBe(user.revision);
      const byEmail = (value: string) =>
        store.users
          .list(POOL, { filter: { attribute: "email", prefix: false, value } })
          .then((p) => p.items.map((u) => u.username));
      expect(await byEmail("carol@new.example")).toEqual(["carol"]);
      expect(await byEmail("carol@old.example")).toEqual([]);

      expect(
        await store.users.setAttributes(
          POOL,
          "carol",
          { email: "stale@example.com" },
          { now: NOW + 6, ifRevision: user.revision },
        ),
      ).toBeNull();
      expect((await store.users.get(POOL, "carol"))?.attributes.email).toBe("carol@new.example");
      expect(await byEmail("stale@example.com")).toEqual([]);
      expect(await byEmail("carol@new.example")).toEqual(["carol"]);
      expect(await store.users.setAttributes(POOL, "nobody", {}, { now: NOW })).toBeNull();
    });

    it("keeps the search entries of the winner when two compare-and-set writes race", async () => {
      const { store } = ctx();
      await seedPool(store);
      const user = await seedUser(store, "dave", { email: "dave@example.com" });
      const results = await Promise.all(
        ["one@example.com", "two@example.com"].map((email) =>
          store.users.setAttributes(POOL, "dave", { email }, { now: NOW + 1, ifRevision: user.revision }),
        ),
      );
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      const list = await store.users.list(POOL, { filter: { attribute: "email", prefix: true, value: "" } });
      expect(list.items.map((u) => u.attributes.email)).toEqual([winners[0]!.attributes.email]);
    });

    it("sets status, enabled and password fields, with conditions", async () => {
      const { store } = ctx();
      await seedPool(store);
      await store.users.create(
        {
          poolId: POOL,
          sub: SUB_A,
          username: "erin",
          status: "FORCE_CHANGE_PASSWORD",
          attributes: {},
          passwordExpiresAt: NOW + 1000,
        },
        NOW,
      );
      const disabled = await store.users.update(POOL, "Erin", { enabled: false }, { now: NOW + 1 });
      expect(disabled).toMatchObject({ enabled: false, status: "FORCE_CHANGE_PASSWORD", updatedAt: NOW + 1 });
      expect(
        await store.users.update(
          POOL,
          "erin",
          { status: "CONFIRMED" },
          { now: NOW + 2, ifStatus: "UNCONFIRMED" },
        ),
      ).toBeNull();
      const changed = await store.users.update(
        POOL,
        "erin",
        {
          status: "CONFIRMED",
          enabled: true,
          srpSalt: "01",
          srpVerifier: "02",
          passwordExpiresAt: null,
          passwordUpdatedAt: NOW + 3,
          signedOutAt: NOW + 3,
        },
        { now: NOW + 3, ifStatus: "FORCE_CHANGE_PASSWORD", ifRevision: disabled!.revision },
      );
      expect(changed).toMatchObject({
        status: "CONFIRMED",
        enabled: true,
        srpSalt: "01",
        srpVerifier: "02",
        passwordExpiresAt: null,
        passwordUpdatedAt: NOW + 3,
        signedOutAt: NOW + 3,
      });
      expect(await store.users.update(POOL, "ghost", { enabled: false }, { now: NOW })).toBeNull();
    });

    it("confirms a user exactly once when two confirmations race", async () => {
      const { store } = ctx();
      await seedPool(store);
      await store.users.create(
        { poolId: POOL, sub: SUB_A, username: "frank", status: "UNCONFIRMED", attributes: {} },
        NOW,
      );
      const results = await Promise.all(
        [1, 2, 3].map((i) =>
          store.users.update(
            POOL,
            "frank",
            { status: "CONFIRMED" },
            { now: NOW + i, ifStatus: "UNCONFIRMED" },
          ),
        ),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it("counts every concurrent failed sign-in, starts over after the window, and resets", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "grace");
      const WINDOW = 15 * 60 * 1000;
      const counts = await Promise.all(
        [1, 2, 3, 4, 5].map((i) => store.users.recordSignInFailure(POOL, "GRACE", NOW + i, WINDOW)),
      );
      expect(counts.map((c) => c!.failures).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(await store.users.get(POOL, "grace")).toMatchObject({ failedSignIns: 5 });
      const stale = await store.users.recordSignInFailure(POOL, "grace", NOW + 5 + WINDOW, WINDOW);
      expect(stale).toEqual({ failures: 1, lastFailureAt: NOW + 5 + WINDOW });
      await store.users.resetSignInFailures(POOL, "grace");
      expect(await store.users.get(POOL, "grace")).toMatchObject({
        failedSignIns: 0,
        lastFailedSignInAt: null,
      });
      expect(await store.users.recordSignInFailure(POOL, "nobody", NOW, WINDOW)).toBeNull();
    });

    it("takes sign-in attempts before the comparison, in one statement: a burst of 40 gets exactly 5, then the lockout's steps", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "ivan");
      const schedule = { freeAttempts: 5, resetAfterMs: 15 * 60 * 1000, lockMs: [1000, 2000, 4000] };
      const burst = await Promise.all(
        Array.from({ length: 40 }, () => store.users.takeSignInAttempt(POOL, "IVAN", NOW, schedule)),
      );
      expect(burst.filter(Boolean)).toHaveLength(5);
      expect(await store.users.get(POOL, "ivan")).toMatchObject({
        failedSignIns: 5,
        lastFailedSignInAt: NOW,
      });
      // Wrong answers stamp their time; the lock runs from the last one.
      await store.users.stampSignInFailure(POOL, "ivan", NOW + 10);
      expect(await store.users.takeSignInAttempt(POOL, "ivan", NOW + 1009, schedule)).toBe(false);
      const later = await Promise.all(
        Array.from({ length: 20 }, () => store.users.takeSignInAttempt(POOL, "ivan", NOW + 1010, schedule)),
      );
      expect(later.filter(Boolean)).toHaveLength(1);
      // A right answer gives its attempt back: the count is as it was before it.
      await store.users.returnSignInAttempt(POOL, "ivan");
      expect(await store.users.get(POOL, "ivan")).toMatchObject({ failedSignIns: 5 });
      // After the reset window (from the last stamped attempt, the take at NOW + 1010) the count starts over.
      expect(
        await store.users.takeSignInAttempt(POOL, "ivan", NOW + 1010 + schedule.resetAfterMs + 1, schedule),
      ).toBe(true);
      expect(await store.users.get(POOL, "ivan")).toMatchObject({ failedSignIns: 1 });
      expect(await store.users.takeSignInAttempt(POOL, "nobody", NOW, schedule)).toBe(false);
      // A burst long after an earlier failure: the lock runs from the burst, not from that failure.
      await store.users.resetSignInFailures(POOL, "ivan");
      await store.users.stampSignInFailure(POOL, "ivan", NOW);
      expect(await store.users.takeSignInAttempt(POOL, "ivan", NOW, schedule)).toBe(true);
      await store.users.returnSignInAttempt(POOL, "ivan");
      const stale = await Promise.all(
        Array.from({ length: 40 }, () => store.users.takeSignInAttempt(POOL, "ivan", NOW + 60_000, schedule)),
      );
      expect(stale.filter(Boolean)).toHaveLength(5);
      // A right answer whose take stamped its time puts the earlier stamp back: it starts no lock.
      await store.users.resetSignInFailures(POOL, "ivan");
      for (let i = 0; i < 5; i++)
        expect(await store.users.takeSignInAttempt(POOL, "ivan", NOW, schedule)).toBe(true);
      await store.users.stampSignInFailure(POOL, "ivan", NOW);
      expect(await store.users.takeSignInAttempt(POOL, "ivan", NOW + 1000, schedule)).toBe(true);
      await store.users.returnSignInAttempt(POOL, "ivan", NOW + 1000, NOW);
      expect(await store.users.get(POOL, "ivan")).toMatchObject({
        failedSignIns: 5,
        lastFailedSignInAt: NOW,
      });
      expect(await store.users.takeSignInAttempt(POOL, "ivan", NOW + 1001, schedule)).toBe(true);
    });

    it("deletes a user with their aliases, groups, codes, sessions and tokens", async () => {
      const { store, driver } = ctx();
      await seedPool(store);
      const user = await store.users.create(
        {
          poolId: POOL,
          sub: SUB_A,
          username: "heidi",
          status: "CONFIRMED",
          attributes: { email: "h@example.com" },
          aliases: { email: "h@example.com" },
        },
        NOW,
      );
      await store.groups.create(POOL, "staff", {}, NOW);
      await store.groups.addMember(POOL, "staff", user.sub, NOW);
      await store.codes.issue(
        {
          poolId: POOL,
          username: "heidi",
          purpose: "verify:email",
          codeHash: "h",
          expiresAt: NOW + 1000,
          maxAttempts: 3,
        },
        NOW,
      );
      await store.sessions.create(
        {
          idHash: "s1",
          poolId: POOL,
          clientId: CLIENT,
          username: "heidi",
          sub: user.sub,
          challenge: "PASSWORD_VERIFIER",
          data: {},
          expiresAt: NOW + 1000,
        },
        NOW,
      );
      await store.refreshTokens.issue(
        {
          tokenHash: "r1",
          poolId: POOL,
          clientId: CLIENT,
          sub: user.sub,
          familyId: "f1",
          authTime: NOW,
          expiresAt: NOW + 1000,
        },
        NOW,
      );
      await store.authEvents.record({
        id: "e1",
        poolId: POOL,
        sub: user.sub,
        eventType: "SignIn",
        eventResponse: "Pass",
        data: {},
        createdAt: NOW,
      });
      expect(await store.users.delete(POOL, "HEIDI")).toBe(true);
      expect(await store.users.delete(POOL, "heidi")).toBe(false);
      for (const table of [
        "user_aliases",
        "user_search",
        "group_members",
        "codes",
        "auth_sessions",
        "refresh_tokens",
        "auth_events",
      ]) {
        expect(await driver.first(`SELECT COUNT(*) AS n FROM ${table}`), table).toEqual({ n: 0 });
      }
      // The username is free again, for a new user with a new sub.
      await expect(
        store.users.create(
          {
            poolId: POOL,
            sub: SUB_B,
            username: "heidi",
            status: "CONFIRMED",
            attributes: {},
            aliases: { email: "h@example.com" },
          },
          NOW,
        ),
      ).resolves.toMatchObject({ sub: SUB_B });
    });

    it("creates a user with moved aliases and MFA settings in its batch: the holder's alias unverified, all or nothing", async () => {
      const { store } = ctx();
      await seedPool(store);
      const holder = await seedUser(store, "holder", { email: "m@example.com", email_verified: "true" });
      await store.aliases.claim(POOL, holder.sub, "email", "m@example.com", { now: NOW });
      const carol = await seedUser(store, "carol", { preferred_username: "taken@example.com" });
      await store.aliases.claim(POOL, carol.sub, "preferred_username", "taken@example.com", { now: NOW });
      const create = (sub: string, username: string, moved: Record<string, string>) =>
        store.users.create(
          {
            poolId: POOL,
            sub,
            username,
            status: "CONFIRMED",
            attributes: { email: Object.values(moved)[0]!, email_verified: "true" },
            moved,
            together: store.mfa.withNewUser(
              POOL,
              { SMS_MFA: true, SOFTWARE_TOKEN_MFA: false, EMAIL_OTP: false },
              null,
              NOW,
            ),
          },
          NOW,
        );
      // Another user's alias of another kind: refused, nothing written (no user, no MFA row).
      await expect(create(SUB_B, "bob", { email: "taken@example.com" })).rejects.toBeInstanceOf(
        AliasExistsError,
      );
      expect(await store.users.get(POOL, "bob")).toBeNull();
      expect(await store.mfa.get(SUB_B)).toBeNull();
      // A verified email another user holds moves, with the MFA settings, in one create.
      const mover = await create(SUB_A, "mover", { email: "M@example.com" });
      expect((await store.users.getByAlias(POOL, "email", "m@example.com"))?.sub).toBe(mover.sub);
      const after = await store.users.get(POOL, "holder");
      expect(after?.attributes).toMatchObject({ email: "m@example.com", email_verified: "false" });
      expect(after?.revision).not.toBe(holder.revision);
      expect((await store.mfa.get(SUB_A))?.enabled).toEqual({
        SMS_MFA: true,
        SOFTWARE_TOKEN_MFA: false,
        EMAIL_OTP: false,
      });
      // A create that loses on its username moves nothing.
      await expect(create(SUB_B, "MOVER", { email: "m@example.com" })).rejects.toBeInstanceOf(
        UsernameExistsError,
      );
      expect((await store.users.getByAlias(POOL, "email", "m@example.com"))?.sub).toBe(mover.sub);
      expect(await store.mfa.get(SUB_B)).toBeNull();
    });
  });
}
