import { describe, expect, it } from "vitest";
import { NOW, outcomes, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const NONE = { SMS_MFA: false, SOFTWARE_TOKEN_MFA: false, EMAIL_OTP: false };

export function userMfaContract(ctx: Context): void {
  describe("user MFA", () => {
    it("stores preferences for a user of the pool only, creating the row on first use", async () => {
      const { store } = ctx();
      await seedPool(store);
      const ann = await seedUser(store, "ann");
      expect(await store.mfa.get(ann.sub)).toBeNull();
      expect(
        await store.mfa.setPreferences(
          "us-east-1_Elsewhere",
          ann.sub,
          { ...NONE, SMS_MFA: true },
          "SMS_MFA",
          NOW,
        ),
      ).toBe(false);
      expect(await store.mfa.get(ann.sub)).toBeNull();
      expect(
        await store.mfa.setPreferences(
          POOL,
          ann.sub,
          { ...NONE, SMS_MFA: true, EMAIL_OTP: true },
          "EMAIL_OTP",
          NOW,
        ),
      ).toBe(true);
      expect(await store.mfa.get(ann.sub)).toMatchObject({
        sub: ann.sub,
        poolId: POOL,
        enabled: { SMS_MFA: true, SOFTWARE_TOKEN_MFA: false, EMAIL_OTP: true },
        preferred: "EMAIL_OTP",
        totpVerified: false,
      });
    });

    it("keeps a new TOTP secret pending, verifies it once, and accepts each time step once", async () => {
      const { store } = ctx();
      await seedPool(store);
      const bo = await seedUser(store, "bo");
      expect(await store.mfa.associateTotp(POOL, bo.sub, "sealed-1", NOW)).toBe(true);
      expect(await store.mfa.get(bo.sub)).toMatchObject({
        totpPendingSealed: "sealed-1",
        totpSecretSealed: null,
        totpVerified: false,
      });
      expect(await store.mfa.acceptTotpStep(bo.sub, 100, NOW)).toBe(false); // nothing verified yet
      expect(await store.mfa.verifyTotp(bo.sub, "sealed-other", 100, "phone", NOW)).toBe(false);
      const verified = await outcomes([
        store.mfa.verifyTotp(bo.sub, "sealed-1", 100, "phone", NOW),
        store.mfa.verifyTotp(bo.sub, "sealed-1", 100, "phone", NOW),
      ]);
      expect(verified.won.filter(Boolean)).toHaveLength(1);
      expect(await store.mfa.get(bo.sub)).toMatchObject({
        totpSecretSealed: "sealed-1",
        totpPendingSealed: null,
        totpVerified: true,
        totpFriendlyName: "phone",
        totpLastStep: 100,
      });
      expect(await store.mfa.acceptTotpStep(bo.sub, 100, NOW)).toBe(false);
      const steps = await outcomes([
        store.mfa.acceptTotpStep(bo.sub, 101, NOW),
        store.mfa.acceptTotpStep(bo.sub, 101, NOW),
      ]);
      expect(steps.won.filter(Boolean)).toHaveLength(1);
      expect(await store.mfa.acceptTotpStep(bo.sub, 99, NOW)).toBe(false);
    });

    it("deletes the TOTP authenticator and its preference, keeping the other factors", async () => {
      const { store } = ctx();
      await seedPool(store);
      const cy = await seedUser(store, "cy");
      expect(await store.mfa.deleteTotp(POOL, cy.sub, NOW)).toBe(false);
      await store.mfa.associateTotp(POOL, cy.sub, "sealed-1", NOW);
      await store.mfa.verifyTotp(cy.sub, "sealed-1", 100, "phone", NOW);
      await store.mfa.associateTotp(POOL, cy.sub, "sealed-2", NOW);
      await store.mfa.setPreferences(
        POOL,
        cy.sub,
        { SMS_MFA: true, SOFTWARE_TOKEN_MFA: true, EMAIL_OTP: false },
        "SOFTWARE_TOKEN_MFA",
        NOW,
      );
      expect(await store.mfa.deleteTotp("us-east-1_Elsewhere", cy.sub, NOW)).toBe(false);
      expect(await store.mfa.deleteTotp(POOL, cy.sub, NOW + 1)).toBe(true);
      expect(await store.mfa.get(cy.sub)).toMatchObject({
        enabled: { SMS_MFA: true, SOFTWARE_TOKEN_MFA: false, EMAIL_OTP: false },
        preferred: null,
        totpSecretSealed: null,
        totpPendingSealed: null,
        totpVerified: false,
        totpFriendlyName: null,
        totpLastStep: null,
      });
      expect(await store.mfa.acceptTotpStep(cy.sub, 200, NOW)).toBe(false);
      // A preference for another factor survives.
      await store.mfa.setPreferences(
        POOL,
        cy.sub,
        { SMS_MFA: true, SOFTWARE_TOKEN_MFA: false, EMAIL_OTP: false },
        "SMS_MFA",
        NOW,
      );
      await store.mfa.deleteTotp(POOL, cy.sub, NOW);
      expect((await store.mfa.get(cy.sub))?.preferred).toBe("SMS_MFA");
    });
  });
}
