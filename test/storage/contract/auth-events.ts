import { describe, expect, it } from "vitest";
import { MAX_FAILED_SIGN_INS_KEPT } from "../../../src/storage/index.js";
import { NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

export function authEventsContract(ctx: Context): void {
  describe("auth events", () => {
    it("records events and lists a user's newest first, a page at a time", async () => {
      const { store } = ctx();
      await seedPool(store);
      const tia = await seedUser(store, "tia");
      const uma = await seedUser(store, "uma");
      // Two events share a timestamp: the id breaks the tie, so paging neither repeats nor skips.
      const events = [
        { id: "e1", at: NOW },
        { id: "e2", at: NOW + 10 },
        { id: "e3", at: NOW + 10 },
        { id: "e4", at: NOW + 20 },
        { id: "e5", at: NOW + 30 },
      ];
      for (const { id, at } of events) {
        await store.authEvents.record({
          id,
          poolId: POOL,
          sub: tia.sub,
          eventType: "SignIn",
          eventResponse: id === "e2" ? "Fail" : "Pass",
          data: { ip: "203.0.113.7" },
          createdAt: at,
        });
      }
      await store.authEvents.record({
        id: "other",
        poolId: POOL,
        sub: uma.sub,
        eventType: "SignUp",
        eventResponse: "Pass",
        data: {},
        createdAt: NOW,
      });
      const seen: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await store.authEvents.listForUser(POOL, tia.sub, { limit: 2, nextToken });
        seen.push(...page.items.map((e) => e.id));
        nextToken = page.nextToken;
      } while (nextToken);
      expect(seen).toEqual(["e5", "e4", "e3", "e2", "e1"]);
      const [latest] = (await store.authEvents.listForUser(POOL, tia.sub, { limit: 1 })).items;
      expect(latest).toEqual({
        id: "e5",
        poolId: POOL,
        sub: tia.sub,
        eventType: "SignIn",
        eventResponse: "Pass",
        data: { ip: "203.0.113.7" },
        feedback: null,
        createdAt: NOW + 30,
      });
    });

    it(`keeps a user's newest ${MAX_FAILED_SIGN_INS_KEPT} failed sign-ins, those with feedback, and every other event`, async () => {
      const { store } = ctx();
      await seedPool(store);
      const vic = await seedUser(store, "vic");
      const wes = await seedUser(store, "wes");
      const event = (id: string, sub: string, eventType: string, eventResponse: string, at: number) =>
        store.authEvents.record({ id, poolId: POOL, sub, eventType, eventResponse, data: {}, createdAt: at });
      await event("pass-first", vic.sub, "SignIn", "Pass", NOW - 1);
      await event("risk-fail", vic.sub, "PasswordChange", "Fail", NOW - 1);
      await event("wes-fail", wes.sub, "SignIn", "Fail", NOW - 1);
      await event("reported-fail", vic.sub, "SignIn", "Fail", NOW - 2);
      expect(await store.authEvents.setFeedback(POOL, vic.sub, "reported-fail", "Invalid")).toBe(true);
      const failures = MAX_FAILED_SIGN_INS_KEPT + 5;
      for (let i = 0; i < failures; i++) await event(`fail-${i}`, vic.sub, "SignIn", "Fail", NOW + i);
      const ids: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await store.authEvents.listForUser(POOL, vic.sub, { nextToken });
        ids.push(...page.items.map((e) => e.id));
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      const kept = Array.from({ length: MAX_FAILED_SIGN_INS_KEPT }, (_, i) => `fail-${failures - 1 - i}`);
      expect(ids).toEqual([...kept, ...ids.slice(MAX_FAILED_SIGN_INS_KEPT)]);
      // Feedback keeps a failure: a stranger's failures must not push out what was reported.
      expect(ids.slice(MAX_FAILED_SIGN_INS_KEPT).sort()).toEqual([
        "pass-first",
        "reported-fail",
        "risk-fail",
      ]);
      expect(await store.authEvents.get(POOL, wes.sub, "wes-fail")).not.toBeNull();
    });

    it("stores feedback on the user's own event only", async () => {
      const { store } = ctx();
      await seedPool(store);
      const tia = await seedUser(store, "tia");
      const uma = await seedUser(store, "uma");
      await store.authEvents.record({
        id: "e1",
        poolId: POOL,
        sub: tia.sub,
        eventType: "SignIn",
        eventResponse: "Pass",
        data: {},
        createdAt: NOW,
      });
      expect(await store.authEvents.setFeedback(POOL, uma.sub, "e1", "Invalid")).toBe(false);
      expect(await store.authEvents.setFeedback(POOL, tia.sub, "e1", "Valid")).toBe(true);
      expect((await store.authEvents.listForUser(POOL, tia.sub)).items[0]?.feedback).toBe("Valid");
    });

    it("reads one of the user's events, and records who gave feedback and when", async () => {
      const { store } = ctx();
      await seedPool(store);
      const tia = await seedUser(store, "tia");
      const uma = await seedUser(store, "uma");
      await store.authEvents.record({
        id: "e1",
        poolId: POOL,
        sub: tia.sub,
        eventType: "SignIn",
        eventResponse: "Pass",
        data: { ipAddress: "198.51.100.4" },
        createdAt: NOW,
      });
      expect(await store.authEvents.get(POOL, uma.sub, "e1")).toBeNull();
      expect(await store.authEvents.get(POOL, tia.sub, "missing")).toBeNull();
      expect(
        await store.authEvents.setFeedback(POOL, uma.sub, "e1", "Invalid", {
          provider: "Admin",
          at: NOW + 5,
        }),
      ).toBe(false);
      expect(
        await store.authEvents.setFeedback(POOL, tia.sub, "e1", "Invalid", { provider: "User", at: NOW + 5 }),
      ).toBe(true);
      expect(await store.authEvents.get(POOL, tia.sub, "e1")).toEqual({
        id: "e1",
        poolId: POOL,
        sub: tia.sub,
        eventType: "SignIn",
        eventResponse: "Pass",
        feedback: "Invalid",
        createdAt: NOW,
        data: { ipAddress: "198.51.100.4", feedbackProvider: "User", feedbackDate: NOW + 5 },
      });
    });

    it("settles an event recorded again under its id, for the same user only", async () => {
      const { store } = ctx();
      await seedPool(store);
      const tia = await seedUser(store, "tia");
      const uma = await seedUser(store, "uma");
      await store.authEvents.record({
        id: "e1",
        poolId: POOL,
        sub: tia.sub,
        eventType: "SignIn",
        eventResponse: "InProgress",
        data: { ipAddress: "198.51.100.4", risk: { level: "High" } },
        createdAt: NOW,
      });
      await store.authEvents.setFeedback(POOL, tia.sub, "e1", "Valid", { provider: "User", at: NOW + 1 });
      await store.authEvents.record({
        id: "e1",
        poolId: POOL,
        sub: tia.sub,
        eventType: "SignIn",
        eventResponse: "Pass",
        data: { clientId: "c1", risk: { level: "Low" } },
        createdAt: NOW + 9,
      });
      // Another user's event of the same id changes nothing.
      await store.authEvents.record({
        id: "e1",
        poolId: POOL,
        sub: uma.sub,
        eventType: "SignIn",
        eventResponse: "Fail",
        data: { clientId: "evil" },
        createdAt: NOW + 10,
      });
      expect(await store.authEvents.get(POOL, tia.sub, "e1")).toEqual({
        id: "e1",
        poolId: POOL,
        sub: tia.sub,
        eventType: "SignIn",
        eventResponse: "Pass",
        feedback: "Valid",
        createdAt: NOW,
        data: {
          ipAddress: "198.51.100.4",
          clientId: "c1",
          risk: { level: "Low" },
          feedbackProvider: "User",
          feedbackDate: NOW + 1,
        },
      });
      expect(await store.authEvents.get(POOL, uma.sub, "e1")).toBeNull();
    });

    it("reads a user's sign-in history by outcome, however many other events there are", async () => {
      const { store } = ctx();
      await seedPool(store);
      const tia = await seedUser(store, "tia");
      const uma = await seedUser(store, "uma");
      const record = (id: string, sub: string, eventType: string, eventResponse: string, at: number) =>
        store.authEvents.record({
          id,
          poolId: POOL,
          sub,
          eventType,
          eventResponse,
          data: { n: id },
          createdAt: at,
        });
      await record("home", tia.sub, "SignIn", "Pass", NOW);
      await record("stolen", tia.sub, "SignIn", "Pass", NOW + 1);
      await record("blocked-trip", tia.sub, "SignIn", "Fail", NOW + 2);
      await record("old-fail", tia.sub, "SignIn", "Fail", NOW - 1000);
      await record("pending", tia.sub, "SignIn", "InProgress", NOW + 3);
      for (let i = 0; i < 70; i++)
        await record(`refresh-${i}`, tia.sub, "TokenRefresh", "Pass", NOW + 10 + i);
      await record("other-user", uma.sub, "SignIn", "Pass", NOW + 5);
      await store.authEvents.setFeedback(POOL, tia.sub, "stolen", "Invalid");
      await store.authEvents.setFeedback(POOL, tia.sub, "blocked-trip", "Valid");
      const history = await store.authEvents.signInHistory(POOL, tia.sub, {
        limit: 60,
        failedSince: NOW - 500,
      });
      expect(history.trusted.map((e) => e.id)).toEqual(["blocked-trip", "home"]);
      expect(history.failed.map((e) => e.id)).toEqual(["pending", "blocked-trip"]);
      expect(history.reported.map((e) => e.id)).toEqual(["stolen"]);
      expect(history.trusted[1]).toMatchObject({
        eventType: "SignIn",
        eventResponse: "Pass",
        data: { n: "home" },
      });
      const one = await store.authEvents.signInHistory(POOL, tia.sub, { limit: 1, failedSince: 0 });
      expect([one.trusted.length, one.failed.map((e) => e.id)]).toEqual([1, ["pending"]]);
    });
  });
}
