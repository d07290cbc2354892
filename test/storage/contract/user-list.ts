import { describe, expect, it } from "vitest";
import {
  InvalidPaginationTokenError,
  type Repositories,
  type UserListOptions,
} from "../../../src/storage/index.js";
import { NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

/** Every page of a listing, following the tokens. */
async function everything(store: Repositories, options: UserListOptions): Promise<string[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await store.users.list(POOL, { ...options, nextToken });
    expect(page.items.length).toBeLessThanOrEqual(options.limit ?? 60);
    names.push(...page.items.map((u) => u.username));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return names;
}

async function seedDirectory(store: Repositories): Promise<void> {
  await seedPool(store);
  await seedUser(store, "Zoe", { email: "zoe@example.com", given_name: "Zoe", family_name: "Adams" });
  await seedUser(store, "adam", {
    email: "adam@example.com",
    given_name: "Adam",
    phone_number: "+15550001111",
  });
  await seedUser(store, "Amy", { email: "AMY@Example.org", given_name: "Amy", family_name: "Adams" });
  await seedUser(store, "bert", { email: "bert@example.com", name: "Bert B", preferred_username: "bertie" });
  await seedUser(store, "anna", { email: "anna@example.com", family_name: "Adamsson" });
  await store.users.update(POOL, "bert", { enabled: false }, { now: NOW });
  await store.users.update(POOL, "anna", { status: "UNCONFIRMED" }, { now: NOW });
  await seedPool(store, "us-east-1_Other", "otherclient");
  await seedUser(store, "aaron", { email: "aaron@example.com" }, "us-east-1_Other");
}

export function userListContract(ctx: Context): void {
  describe("ListUsers", () => {
    it("lists a pool's users in username order, a page at a time", async () => {
      const { store } = ctx();
      await seedDirectory(store);
      expect(await everything(store, {})).toEqual(["adam", "Amy", "anna", "bert", "Zoe"]);
      expect(await everything(store, { limit: 2 })).toEqual(["adam", "Amy", "anna", "bert", "Zoe"]);
      const first = await store.users.list(POOL, { limit: 5 });
      expect(first.nextToken).toBeUndefined();
      expect((await store.users.list(POOL, { limit: 0 })).items).toHaveLength(5);
      await expect(store.users.list(POOL, { nextToken: "garbage" })).rejects.toBeInstanceOf(
        InvalidPaginationTokenError,
      );
    });

    it("filters on a searched attribute with = and ^=, case-insensitively, across pages", async () => {
      const { store } = ctx();
      await seedDirectory(store);
      expect(
        await everything(store, { filter: { attribute: "email", prefix: false, value: "amy@example.org" } }),
      ).toEqual(["Amy"]);
      expect(
        await everything(store, { filter: { attribute: "email", prefix: true, value: "A" }, limit: 1 }),
      ).toEqual(["adam", "Amy", "anna"]);
      expect(
        await everything(store, { filter: { attribute: "family_name", prefix: false, value: "adams" } }),
      ).toEqual(["Zoe", "Amy"]);
      expect(
        await everything(store, {
          filter: { attribute: "family_name", prefix: true, value: "Adams" },
          limit: 2,
        }),
      ).toEqual(["Zoe", "Amy", "anna"]);
      expect(
        await everything(store, { filter: { attribute: "phone_number", prefix: true, value: "+1555" } }),
      ).toEqual(["adam"]);
      expect(
        await everything(store, {
          filter: { attribute: "preferred_username", prefix: false, value: "bertie" },
        }),
      ).toEqual(["bert"]);
      expect(await everything(store, { filter: { attribute: "name", prefix: true, value: "bert" } })).toEqual(
        ["bert"],
      );
      expect(
        await everything(store, { filter: { attribute: "given_name", prefix: true, value: "x" } }),
      ).toEqual([]);
      expect(
        await everything(store, { filter: { attribute: "email", prefix: true, value: "" } }),
      ).toHaveLength(5);
    });

    it("filters on username (case-sensitive or not), sub, status and enabled", async () => {
      const { store } = ctx();
      await seedDirectory(store);
      expect(
        await everything(store, {
          filter: { attribute: "username", prefix: true, value: "A", caseSensitive: true },
        }),
      ).toEqual(["Amy"]);
      expect(
        await everything(store, {
          filter: { attribute: "username", prefix: true, value: "A", caseSensitive: false },
        }),
      ).toEqual(["adam", "Amy", "anna"]);
      expect(
        await everything(store, {
          filter: { attribute: "username", prefix: false, value: "zoe", caseSensitive: true },
        }),
      ).toEqual([]);
      expect(
        await everything(store, { filter: { attribute: "username", prefix: false, value: "zoe" } }),
      ).toEqual(["Zoe"]);
      const amy = (await store.users.get(POOL, "amy"))!;
      expect(
        await everything(store, {
          filter: { attribute: "sub", prefix: false, value: amy.sub.toUpperCase() },
        }),
      ).toEqual(["Amy"]);
      expect(
        await everything(store, {
          filter: { attribute: "cognito:user_status", prefix: false, value: "unconfirmed" },
        }),
      ).toEqual(["anna"]);
      expect(
        await everything(store, {
          filter: { attribute: "cognito:user_status", prefix: true, value: "CONF" },
          limit: 1,
        }),
      ).toEqual(["adam", "Amy", "bert", "Zoe"]);
      expect(
        await everything(store, {
          filter: { attribute: "status", prefix: false, value: "Disabled", caseSensitive: true },
        }),
      ).toEqual(["bert"]);
      expect(
        await everything(store, {
          filter: { attribute: "status", prefix: false, value: "Enabled", caseSensitive: true },
        }),
      ).toEqual(["adam", "Amy", "anna", "Zoe"]);
      expect(
        await everything(store, {
          filter: { attribute: "status", prefix: false, value: "enabled", caseSensitive: true },
        }),
      ).toEqual([]);
      expect(
        await everything(store, { filter: { attribute: "status", prefix: true, value: "" } }),
      ).toHaveLength(5);
    });

    it("refuses a token from a listing with another filter", async () => {
      const { store } = ctx();
      await seedDirectory(store);
      const { nextToken } = await store.users.list(POOL, { limit: 1 });
      await expect(
        store.users.list(POOL, { filter: { attribute: "email", prefix: true, value: "a" }, nextToken }),
      ).rejects.toBeInstanceOf(InvalidPaginationTokenError);
      await expect(
        store.users.list(POOL, { filter: { attribute: "custom:team", prefix: false, value: "x" } }),
      ).rejects.toThrow(/cannot search/);
    });
  });
}
