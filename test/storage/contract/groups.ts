import { describe, expect, it } from "vitest";
import { NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

export function groupsContract(ctx: Context): void {
  describe("groups", () => {
    it("creates, reads, updates, lists and deletes groups", async () => {
      const { groups } = ctx().store;
      await seedPool(ctx().store);
      const admins = await groups.create(
        POOL,
        "admins",
        { description: "Admins", roleArn: "arn:aws:iam::123456789012:role/admin", precedence: 1 },
        NOW,
      );
      expect(admins).toEqual({
        poolId: POOL,
        name: "admins",
        description: "Admins",
        roleArn: "arn:aws:iam::123456789012:role/admin",
        precedence: 1,
        createdAt: NOW,
        updatedAt: NOW,
      });
      expect(await groups.create(POOL, "admins", {}, NOW)).toBeNull();
      await groups.create(POOL, "staff", {}, NOW);
      await groups.create(POOL, "beta", { precedence: 0 }, NOW);
      expect(await groups.get(POOL, "staff")).toMatchObject({
        description: null,
        roleArn: null,
        precedence: null,
      });
      expect(await groups.update(POOL, "admins", { description: "All admins" }, NOW + 1)).toMatchObject({
        description: "All admins",
        roleArn: null,
        precedence: null,
        updatedAt: NOW + 1,
      });
      expect(await groups.update(POOL, "nothere", {}, NOW)).toBeNull();
      const first = await groups.list(POOL, { limit: 2 });
      expect(first.items.map((g) => g.name)).toEqual(["admins", "beta"]);
      expect(
        (await groups.list(POOL, { limit: 2, nextToken: first.nextToken })).items.map((g) => g.name),
      ).toEqual(["staff"]);
      expect(await groups.delete(POOL, "beta")).toBe(true);
      expect(await groups.delete(POOL, "beta")).toBe(false);
      expect(await groups.get(POOL, "beta")).toBeNull();
    });

    it("adds and removes members, once each, and lists both ways", async () => {
      const { store } = ctx();
      await seedPool(store);
      const [olga, pete, quinn] = await Promise.all(
        ["olga", "pete", "quinn"].map((name) => seedUser(store, name)),
      );
      await store.groups.create(POOL, "staff", { precedence: 5 }, NOW);
      await store.groups.create(POOL, "admins", { precedence: 1 }, NOW);
      await store.groups.create(POOL, "zeta", {}, NOW);
      expect(await store.groups.addMember(POOL, "staff", olga!.sub, NOW)).toBe(true);
      expect(await store.groups.addMember(POOL, "staff", olga!.sub, NOW)).toBe(false);
      expect(await store.groups.addMember(POOL, "nothere", olga!.sub, NOW)).toBe(false);
      expect(await store.groups.addMember(POOL, "staff", "no-such-sub", NOW)).toBe(false);
      await store.groups.addMember(POOL, "staff", pete!.sub, NOW);
      await store.groups.addMember(POOL, "staff", quinn!.sub, NOW);
      await store.groups.addMember(POOL, "admins", olga!.sub, NOW);
      await store.groups.addMember(POOL, "zeta", olga!.sub, NOW);

      const members: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await store.groups.listMembers(POOL, "staff", { limit: 2, nextToken });
        members.push(...page.items.map((u) => u.username));
        nextToken = page.nextToken;
      } while (nextToken);
      expect(members.sort()).toEqual(["olga", "pete", "quinn"]);

      const first = await store.groups.listForUser(POOL, olga!.sub, { limit: 2 });
      expect(first.items.map((g) => g.name)).toEqual(["admins", "staff"]);
      expect(
        (await store.groups.listForUser(POOL, olga!.sub, { nextToken: first.nextToken })).items.map(
          (g) => g.name,
        ),
      ).toEqual(["zeta"]);
      expect((await store.groups.allForUser(POOL, olga!.sub)).map((g) => g.name)).toEqual([
        "admins",
        "staff",
        "zeta",
      ]);

      expect(await store.groups.removeMember(POOL, "staff", pete!.sub)).toBe(true);
      expect(await store.groups.removeMember(POOL, "staff", pete!.sub)).toBe(false);
      expect(await store.groups.allForUser(POOL, pete!.sub)).toEqual([]);
      // Deleting a group ends its memberships.
      await store.groups.delete(POOL, "staff");
      expect((await store.groups.allForUser(POOL, olga!.sub)).map((g) => g.name)).toEqual(["admins", "zeta"]);
      // A group of the same name later starts empty.
      await store.groups.create(POOL, "staff", {}, NOW);
      expect((await store.groups.listMembers(POOL, "staff")).items).toEqual([]);
    });
  });
}
