// Where the trigger hooks sit in the flows (issue 15 hooks each trigger at its step).
import { describe, expect, it } from "vitest";
import {
  DEVICE_PASSWORD_VERIFIER,
  NEW_PASSWORD_REQUIRED,
  PASSWORD_FLOW,
  PASSWORD_VERIFIER,
  REFRESH_FLOW,
  SRP_FLOW,
} from "./flows.js";
import type { Step } from "./pipeline.js";

const names = (steps: readonly Step[]) => steps.map((step) => step.name);
const before = (steps: readonly Step[], first: string, then: string) => {
  const list = names(steps);
  expect(list).toContain(first);
  expect(list).toContain(then);
  expect(list.indexOf(first)).toBeLessThan(list.indexOf(then));
};

describe("the flows' hook points", () => {
  it("userMigration where a password flow meets an unknown user, preAuthentication before the first factor", () => {
    before(PASSWORD_FLOW, "findUser", "userMigration");
    before(PASSWORD_FLOW, "userMigration", "refuseUnknownPasswordUser");
    before(PASSWORD_FLOW, "preAuthentication", "verifyPassword");
    before(SRP_FLOW, "findUser", "preAuthentication");
    before(SRP_FLOW, "preAuthentication", "passwordVerifierChallenge");
  });

  it("the custom challenge with the challenge choice, postAuthentication and preTokenGeneration before the tokens", () => {
    for (const flow of [PASSWORD_FLOW, PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED]) {
      before(flow, "rememberedDevice", "customChallenge");
      before(flow, "customChallenge", "mfaChallenge");
    }
    for (const flow of [PASSWORD_FLOW, PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, DEVICE_PASSWORD_VERIFIER]) {
      before(flow, "postAuthentication", "preTokenGeneration");
      before(flow, "preTokenGeneration", "issueTokens");
    }
    before(REFRESH_FLOW, "preTokenGeneration", "issueTokens");
  });

  it("judges the risk once, after the password is proven", () => {
    for (const flow of [PASSWORD_FLOW, PASSWORD_VERIFIER]) {
      expect(names(flow).filter((name) => name === "judgeRisk")).toHaveLength(1);
      before(flow, "checkStatus", "judgeRisk");
    }
  });
});
