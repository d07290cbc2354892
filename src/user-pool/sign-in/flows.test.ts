// Where the trigger hooks sit in the flows (issue 15 hooks each trigger at its step).
import { describe, expect, it } from "vitest";
import {
  CUSTOM_CHALLENGE,
  CUSTOM_FLOW,
  codeAnswer,
  DEVICE_PASSWORD_VERIFIER,
  DEVICE_SRP_AUTH,
  MFA_SETUP,
  NEW_PASSWORD_REQUIRED,
  PASSWORD_FLOW,
  PASSWORD_VERIFIER,
  REFRESH_FLOW,
  SELECT_MFA_TYPE,
  SRP_FLOW,
} from "./flows.js";
import type { Step } from "./pipeline.js";

const names = (steps: readonly Step[]) => steps.map((step) => step.name);
const inOrder = (steps: readonly Step[], first: string, then: string) => {
  const list = names(steps);
  expect(list).toContain(first);
  expect(list).toContain(then);
  expect(list.indexOf(first)).toBeLessThan(list.indexOf(then));
};

describe("the flows' hook points", () => {
  it("userMigration where a password flow meets an unknown user, preAuthentication before the first factor", () => {
    inOrder(PASSWORD_FLOW, "findUser", "userMigration");
    inOrder(PASSWORD_FLOW, "userMigration", "refuseUnknownPasswordUser");
    inOrder(PASSWORD_FLOW, "preAuthentication", "verifyPassword");
    inOrder(SRP_FLOW, "findUser", "preAuthentication");
    inOrder(SRP_FLOW, "preAuthentication", "passwordVerifierChallenge");
  });

  it("the custom challenge with the challenge choice, postAuthentication and preTokenGeneration before the tokens", () => {
    // CUSTOM_WITH_SRP's loop goes on before a remembered device could stand in for a factor: a
    // DEVICE_SRP_AUTH first would end in tokens with the custom challenges never asked.
    for (const flow of [PASSWORD_FLOW, PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED]) {
      inOrder(flow, "customChallenge", "rememberedDevice");
      inOrder(flow, "customChallenge", "mfaChallenge");
    }
    inOrder(CUSTOM_FLOW, "preAuthentication", "customChallenge");
    inOrder(CUSTOM_FLOW, "customChallenge", "postAuthentication");
    inOrder(CUSTOM_CHALLENGE, "verifyCustomAnswer", "customChallenge");
    inOrder(CUSTOM_CHALLENGE, "customChallenge", "postAuthentication");
    for (const flow of [
      PASSWORD_FLOW,
      PASSWORD_VERIFIER,
      NEW_PASSWORD_REQUIRED,
      DEVICE_PASSWORD_VERIFIER,
      CUSTOM_FLOW,
      CUSTOM_CHALLENGE,
    ]) {
      inOrder(flow, "postAuthentication", "preTokenGeneration");
      inOrder(flow, "preTokenGeneration", "issueTokens");
    }
    inOrder(REFRESH_FLOW, "preTokenGeneration", "issueTokens");
  });

  it("screens every answer that may come from elsewhere than its sign-in began", () => {
    for (const flow of [PASSWORD_FLOW, SRP_FLOW, PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED])
      expect(names(flow)).toContain("screenAddress");
    inOrder(NEW_PASSWORD_REQUIRED, "screenAddress", "setNewPassword");
    // The second factor's answers too: a Session begun from an allowed address may be answered from a blocked one.
    for (const factor of ["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"] as const)
      inOrder(codeAnswer(factor), "screenAddress", "checkCode");
    inOrder(SELECT_MFA_TYPE, "screenAddress", "selectFactor");
    inOrder(MFA_SETUP, "screenAddress", "setUpByEmail");
    inOrder(DEVICE_SRP_AUTH, "screenAddress", "devicePasswordVerifierChallenge");
    inOrder(DEVICE_PASSWORD_VERIFIER, "screenAddress", "checkDeviceProof");
  });

  it("judges the risk once, after the password is proven", () => {
    for (const flow of [PASSWORD_FLOW, PASSWORD_VERIFIER]) {
      expect(names(flow).filter((name) => name === "judgeRisk")).toHaveLength(1);
      inOrder(flow, "checkStatus", "judgeRisk");
    }
  });

  it("checks each answer's Session is of its own mode (API or hosted UI) as soon as it is used", () => {
    for (const flow of [
      NEW_PASSWORD_REQUIRED,
      codeAnswer("SOFTWARE_TOKEN_MFA"),
      SELECT_MFA_TYPE,
      MFA_SETUP,
      DEVICE_SRP_AUTH,
      DEVICE_PASSWORD_VERIFIER,
    ]) {
      const list = names(flow);
      expect(list[list.indexOf("useSession") + 1]).toBe("checkSessionMode");
    }
  });
});
