// The Session's data as the sign-in reads it back: members of the right kind only.
import { describe, expect, it } from "vitest";
import { readSessionData, writeSessionData } from "./auth-session.js";

describe("Session data", () => {
  it("reads back what it wrote, undefined members left out", () => {
    const written = writeSessionData({
      deviceKey: "us-east-1_d",
      eventId: undefined,
      risk: { decision: "NoRisk", compromised: false },
      judgement: { riskMfa: "MFA_REQUIRED" },
      attempts: 2,
      choices: ["SMS_MFA", "EMAIL_OTP"],
      verified: true,
    });
    expect("eventId" in written).toBe(false);
    expect(readSessionData(JSON.parse(JSON.stringify(written)))).toEqual({
      deviceKey: "us-east-1_d",
      risk: { decision: "NoRisk", compromised: false },
      judgement: { riskMfa: "MFA_REQUIRED" },
      attempts: 2,
      choices: ["SMS_MFA", "EMAIL_OTP"],
      verified: true,
    });
  });

  it("drops members of the wrong kind and unknown ones", () => {
    expect(
      readSessionData({ deviceKey: 7, attempts: "2", verified: "true", seen: "x", other: "y", typed: "ann" }),
    ).toEqual({ typed: "ann" });
    expect(readSessionData(null)).toEqual({});
  });
});
