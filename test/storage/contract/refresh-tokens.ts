import { describe, expect, it } from "vitest";
import type { NewRefreshToken, Repositories } from "../../../src/storage/index.js";
import { CLIENT, NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const DAY = 24 * 60 * 60 * 1000;

async function signedIn(store: Repositories, username = "vera"): Promise<NewRefreshToken> {
  await seedPool(store);
  const user = await seedUser(store, username);
  const token: NewRefreshToken = {
    tokenHash: "rt-0",
    poolId: POOL,
    clientId: CLIENT,
    sub: user.sub,
    familyId: "jti-1",
    authTime: NOW - 5,
    expiresAt: NOW + 30 * DAY,
    scope: "openid email",
  };
  await store.refreshTokens.issue(token, NOW);
  return token;
}

export function refreshTokensContract(ctx: Context): void {
  describe("refresh tokens", () => {
    it("issues a token and finds it by hash", async () => {
      const { store } = ctx();
      const token = await signedIn(store);
      expect(await store.refreshTokens.find("rt-0")).toEqual({
        ...token,
        deviceKey: null,
        createdAt: NOW,
        rotatedAt: null,
        replacedBy: null,
        revokedAt: null,
        amr: null,
        identityProvider: null,
      });
      expect(await store.refreshTokens.find("nothing")).toBeNull();
    });

    it("rotates a token into a new one that keeps the family, once", async () => {
      const { store } = ctx();
      const token = await signedIn(store);
      const next = await store.refreshTokens.rotate("rt-0", "rt-1", NOW + 1000);
      expect(next).toEqual({
        ...token,
        tokenHash: "rt-1",
        deviceKey: null,
        createdAt: NOW + 1000,
        rotatedAt: null,
        replacedBy: null,
        revokedAt: null,
        amr: null,
        identityProvider: null,
      });
      expect(await store.refreshTokens.find("rt-0")).toMatchObject({
        rotatedAt: NOW + 1000,
        replacedBy: "rt-1",
      });
      expect(await store.refreshTokens.rotate("rt-0", "rt-1b", NOW + 2000)).toBeNull();
      expect(await store.refreshTokens.find("rt-1b")).toBeNull();
      const third = await store.refreshTokens.rotate("rt-1", "rt-2", NOW + 3000, {
        expiresAt: NOW + 3000 + DAY,
      });
      expect(third).toMatchObject({ familyId: "jti-1", authTime: NOW - 5, expiresAt: NOW + 3000 + DAY });
    });

    it("keeps the sign-in's authentication methods, across rotation too", async () => {
      const { store } = ctx();
      const token = await signedIn(store);
      await store.refreshTokens.issue(
        { ...token, tokenHash: "rt-mfa", familyId: "jti-mfa", amr: ["pwd", "mfa", "otp"] },
        NOW,
      );
      expect((await store.refreshTokens.find("rt-mfa"))?.amr).toEqual(["pwd", "mfa", "otp"]);
      expect((await store.refreshTokens.rotate("rt-mfa", "rt-mfa-2", NOW + 1))?.amr).toEqual([
        "pwd",
        "mfa",
        "otp",
      ]);
    });

    it("keeps the identity provider of the sign-in, across rotation too (through the code as well)", async () => {
      const { store } = ctx();
      const token = await signedIn(store);
      await store.refreshTokens.issue(
        { ...token, tokenHash: "rt-idp", familyId: "jti-idp", identityProvider: "Google" },
        NOW,
      );
      expect((await store.refreshTokens.find("rt-idp"))?.identityProvider).toBe("Google");
      expect((await store.refreshTokens.rotate("rt-idp", "rt-idp-2", NOW + 1))?.identityProvider).toBe(
        "Google",
      );
      await store.oauthCodes.issue(
        {
          codeHash: "code-idp",
          poolId: POOL,
          clientId: CLIENT,
          sub: token.sub,
          grant: {} as never,
          familyId: "jti-code",
          expiresAt: NOW + 60_000,
        },
        NOW,
      );
      const fromCode = await store.refreshTokens.issueForCode(
        { ...token, tokenHash: "rt-code", familyId: "jti-code", identityProvider: "Corp" },
        { hash: "code-idp", clientId: CLIENT },
        NOW + 2,
      );
      expect(fromCode?.identityProvider).toBe("Corp");
    });

    it("gives two concurrent refreshes under rotation exactly one winner", async () => {
      const { store } = ctx();
      await signedIn(store);
      const results = await Promise.all([
        store.refreshTokens.rotate("rt-0", "rt-a", NOW + 1),
        store.refreshTokens.rotate("rt-0", "rt-b", NOW + 1),
        store.refreshTokens.rotate("rt-0", "rt-c", NOW + 1),
      ]);
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      const losers = ["rt-a", "rt-b", "rt-c"].filter((hash) => hash !== winners[0]!.tokenHash);
      for (const hash of losers) expect(await store.refreshTokens.find(hash)).toBeNull();
      expect((await store.refreshTokens.find("rt-0"))?.replacedBy).toBe(winners[0]!.tokenHash);
    });

    it("does not rotate an expired or revoked token", async () => {
      const { store } = ctx();
      await signedIn(store);
      expect(await store.refreshTokens.rotate("rt-0", "rt-late", NOW + 30 * DAY)).toBeNull();
      expect(await store.refreshTokens.revokeFamily("jti-1", NOW + 1)).toBe(1);
      expect(await store.refreshTokens.rotate("rt-0", "rt-1", NOW + 2)).toBeNull();
      expect(await store.refreshTokens.find("rt-1")).toBeNull();
      expect(await store.refreshTokens.rotate("nothing", "rt-x", NOW)).toBeNull();
    });

    it("revokes a whole family, or every token of a user", async () => {
      const { store } = ctx();
      const token = await signedIn(store);
      await store.refreshTokens.rotate("rt-0", "rt-1", NOW + 1);
      await store.refreshTokens.issue({ ...token, tokenHash: "other-0", familyId: "jti-2" }, NOW);
      expect(await store.refreshTokens.isFamilyRevoked("jti-1")).toBe(false);
      expect(await store.refreshTokens.revokeFamily("jti-1", NOW + 2)).toBe(2);
      expect(await store.refreshTokens.revokeFamily("jti-1", NOW + 3)).toBe(0);
      expect(await store.refreshTokens.isFamilyRevoked("jti-1")).toBe(true);
      expect(await store.refreshTokens.find("rt-1")).toMatchObject({ revokedAt: NOW + 2 });
      expect(await store.refreshTokens.isFamilyRevoked("jti-2")).toBe(false);
      expect(await store.refreshTokens.revokeUser(POOL, token.sub, NOW + 4)).toBe(1);
      expect(await store.refreshTokens.isFamilyRevoked("jti-2")).toBe(true);
      expect(await store.refreshTokens.revokeUser("us-east-1_Other", token.sub, NOW + 4)).toBe(0);
    });

    it("ends with the client that it was issued to, and purges expired tokens", async () => {
      const { store } = ctx();
      const token = await signedIn(store);
      await store.clients.create(
        { id: "second", poolId: POOL, name: "second", secret: null, config: {} },
        NOW,
      );
      await store.refreshTokens.issue(
        { ...token, tokenHash: "rt-second", clientId: "second", expiresAt: NOW + 10 },
        NOW,
      );
      expect(await store.refreshTokens.purgeExpired(NOW + 10, 100)).toBe(1);
      await store.refreshTokens.issue({ ...token, tokenHash: "rt-second", clientId: "second" }, NOW);
      await store.clients.delete(POOL, "second");
      expect(await store.refreshTokens.find("rt-second")).toBeNull();
      expect(await store.refreshTokens.find("rt-0")).not.toBeNull();
    });
  });
}
