import { describe, expect, it } from "vitest";
import type { NewOAuthCode, Repositories } from "../../../src/storage/index.js";
import { CLIENT, NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const MINUTES = 60 * 1000;

async function issued(store: Repositories, hash = "code-0"): Promise<NewOAuthCode> {
  await seedPool(store);
  const user = await seedUser(store, "olga");
  const code: NewOAuthCode = {
    codeHash: hash,
    poolId: POOL,
    clientId: CLIENT,
    sub: user.sub,
    grant: { redirectUri: "https://app.example/cb", scopes: ["openid"], nonce: "n" },
    familyId: "family-1",
    expiresAt: NOW + 5 * MINUTES,
  };
  await store.oauthCodes.issue(code, NOW);
  return code;
}

const token = (code: NewOAuthCode, hash: string) => ({
  tokenHash: hash,
  poolId: POOL,
  clientId: CLIENT,
  sub: code.sub,
  familyId: code.familyId,
  authTime: NOW,
  scope: "openid",
  amr: ["pwd"],
  expiresAt: NOW + 60 * MINUTES,
});

export function oauthCodesContract(ctx: Context): void {
  describe("oauth codes", () => {
    it("stores a code with its grant and finds it by hash", async () => {
      const { store } = ctx();
      const code = await issued(store);
      expect(await store.oauthCodes.find("code-0")).toEqual({
        ...code,
        createdAt: NOW,
        consumedAt: null,
        replayedAt: null,
      });
      expect(await store.oauthCodes.find("nothing")).toBeNull();
    });

    it("consumes a code once; a second presentation is a replay naming its family", async () => {
      const { store } = ctx();
      await issued(store);
      const first = await store.oauthCodes.consume("code-0", CLIENT, NOW + 1000);
      expect(first).toMatchObject({
        outcome: "consumed",
        code: { consumedAt: NOW + 1000, familyId: "family-1" },
      });
      const second = await store.oauthCodes.consume("code-0", CLIENT, NOW + 2000);
      expect(second).toMatchObject({
        outcome: "replayed",
        code: { familyId: "family-1", replayedAt: NOW + 2000 },
      });
      // The first replay's time is kept.
      expect(await store.oauthCodes.consume("code-0", CLIENT, NOW + 3000)).toMatchObject({
        outcome: "replayed",
        code: { replayedAt: NOW + 2000, consumedAt: NOW + 1000 },
      });
    });

    it("gives exactly one of many concurrent consumptions the code", async () => {
      const { store } = ctx();
      await issued(store);
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => store.oauthCodes.consume("code-0", CLIENT, NOW + 1000)),
      );
      expect(outcomes.filter((o) => o.outcome === "consumed")).toHaveLength(1);
      expect(outcomes.filter((o) => o.outcome === "replayed")).toHaveLength(7);
    });

    it("consumes a code only for its own client: another client's presentation changes nothing", async () => {
      const { store } = ctx();
      await issued(store);
      expect(await store.oauthCodes.consume("code-0", "someoneelse", NOW + 1000)).toEqual({
        outcome: "unknown",
      });
      expect((await store.oauthCodes.find("code-0"))!.consumedAt).toBeNull();
      expect((await store.oauthCodes.consume("code-0", CLIENT, NOW + 1000)).outcome).toBe("consumed");
      expect(await store.oauthCodes.consume("code-0", "someoneelse", NOW + 2000)).toEqual({
        outcome: "unknown",
      });
      expect((await store.oauthCodes.find("code-0"))!.replayedAt).toBeNull();
    });

    it("does not consume an expired or unknown code", async () => {
      const { store } = ctx();
      await issued(store);
      expect(await store.oauthCodes.consume("code-0", CLIENT, NOW + 5 * MINUTES)).toEqual({
        outcome: "unknown",
      });
      expect(await store.oauthCodes.consume("nothing", CLIENT, NOW)).toEqual({ outcome: "unknown" });
      expect((await store.oauthCodes.find("code-0"))!.consumedAt).toBeNull();
    });

    it("spends a code and stores its family's first refresh token in one step, once", async () => {
      const { store } = ctx();
      const code = await issued(store);
      const spend = (hash: string, at = NOW + 1000, clientId = CLIENT) =>
        store.refreshTokens.issueForCode(token(code, hash), { hash: "code-0", clientId }, at);
      expect(await spend("rt-other", NOW + 1000, "someoneelse")).toBeNull();
      expect((await store.oauthCodes.find("code-0"))!.consumedAt).toBeNull();
      expect(await spend("rt-1")).toMatchObject({
        tokenHash: "rt-1",
        familyId: "family-1",
        authTime: NOW,
        scope: "openid",
        amr: ["pwd"],
        createdAt: NOW + 1000,
        expiresAt: NOW + 60 * MINUTES,
        revokedAt: null,
      });
      expect((await store.oauthCodes.find("code-0"))!.consumedAt).toBe(NOW + 1000);
      // Spent: neither a later call nor one in the same millisecond stores another token.
      expect(await spend("rt-2", NOW + 2000)).toBeNull();
      expect(await spend("rt-3", NOW + 1000)).toBeNull();
      for (const hash of ["rt-other", "rt-2", "rt-3"])
        expect(await store.refreshTokens.find(hash)).toBeNull();
      expect((await store.refreshTokens.find("rt-1"))?.tokenHash).toBe("rt-1");
    });

    it("gives exactly one of many concurrent spendings of a code its refresh token", async () => {
      const { store } = ctx();
      const code = await issued(store);
      const stored = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.refreshTokens.issueForCode(
            token(code, `rt-${i}`),
            { hash: "code-0", clientId: CLIENT },
            NOW + 1000,
          ),
        ),
      );
      expect(stored.filter((t) => t !== null)).toHaveLength(1);
      const found = await Promise.all(stored.map((_, i) => store.refreshTokens.find(`rt-${i}`)));
      expect(found.filter((t) => t !== null)).toHaveLength(1);
    });

    it("stores no token for a code another presentation spent, even in the same millisecond", async () => {
      const { store } = ctx();
      const code = await issued(store);
      // A refused presentation (a wrong verifier, say) spends the code at NOW + 1000.
      expect((await store.oauthCodes.consume("code-0", CLIENT, NOW + 1000)).outcome).toBe("consumed");
      expect(
        await store.refreshTokens.issueForCode(
          token(code, "rt-1"),
          { hash: "code-0", clientId: CLIENT },
          NOW + 1000,
        ),
      ).toBeNull();
      expect(await store.refreshTokens.find("rt-1")).toBeNull();
    });

    it("spends neither an expired, a replayed nor an unknown code", async () => {
      const { store } = ctx();
      const code = await issued(store);
      const spend = (hash: string, at: number, codeHash = "code-0") =>
        store.refreshTokens.issueForCode(token(code, hash), { hash: codeHash, clientId: CLIENT }, at);
      expect(await spend("rt-1", NOW + 5 * MINUTES)).toBeNull();
      expect(await spend("rt-2", NOW, "nothing")).toBeNull();
      expect((await store.oauthCodes.find("code-0"))!.consumedAt).toBeNull();
      await store.oauthCodes.consume("code-0", CLIENT, NOW + 1000);
      await store.oauthCodes.consume("code-0", CLIENT, NOW + 2000);
      expect(await spend("rt-3", NOW + 3000)).toBeNull();
      for (const hash of ["rt-1", "rt-2", "rt-3"]) expect(await store.refreshTokens.find(hash)).toBeNull();
    });

    it("purges expired codes only", async () => {
      const { store } = ctx();
      await issued(store);
      expect(await store.oauthCodes.purgeExpired(NOW + 5 * MINUTES - 1, 100)).toBe(0);
      expect(await store.oauthCodes.purgeExpired(NOW + 5 * MINUTES, 100)).toBe(1);
      expect(await store.oauthCodes.find("code-0")).toBeNull();
    });

    it("goes with its user", async () => {
      const { store } = ctx();
      const code = await issued(store);
      await store.users.delete(POOL, "olga");
      expect(await store.oauthCodes.find(code.codeHash)).toBeNull();
    });
  });
}
