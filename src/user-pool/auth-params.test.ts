// AuthParameters / ChallengeResponses as amazon-cognito-identity-js sends them: after a
// ResourceNotFoundException naming its device it resends PASSWORD_VERIFIER with `DEVICE_KEY: null`
// (and refreshSession does the same), which Cognito takes as the key being absent.
import { describe, expect, it } from "vitest";
import { InvalidParameterException, SerializationException } from "../protocol/json/index.js";
import { param, parameters } from "./auth-params.js";

const failure = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("no error");
};

describe("parameters", () => {
  it("drops a null value as if the key were absent, in either member", () => {
    const retry = {
      USERNAME: "ada",
      PASSWORD_CLAIM_SIGNATURE: "c2ln",
      TIMESTAMP: "Fri Nov 27 01:22:35 UTC 2026",
      DEVICE_KEY: null,
    };
    const responses = parameters(retry, "ChallengeResponses");
    expect(responses).toEqual({
      USERNAME: "ada",
      PASSWORD_CLAIM_SIGNATURE: "c2ln",
      TIMESTAMP: "Fri Nov 27 01:22:35 UTC 2026",
    });
    expect("DEVICE_KEY" in responses).toBe(false);
    expect(parameters({ REFRESH_TOKEN: "r", DEVICE_KEY: null }, "AuthParameters")).toEqual({
      REFRESH_TOKEN: "r",
    });
  });

  it("reads an absent or null map as empty, so a required key is reported missing, not malformed", () => {
    expect(parameters(undefined, "AuthParameters")).toEqual({});
    expect(parameters(null, "ChallengeResponses")).toEqual({});
    const missing = failure(() => param(parameters({ USERNAME: null }, "ChallengeResponses"), "USERNAME"));
    expect(missing).toBeInstanceOf(InvalidParameterException);
    expect(missing.message).toBe("Missing required parameter USERNAME");
  });

  it("still refuses what is not a string map, as the shape checker does", () => {
    expect(failure(() => parameters({ DEVICE_KEY: 7 }, "ChallengeResponses"))).toBeInstanceOf(
      SerializationException,
    );
    expect(failure(() => parameters({ DEVICE_KEY: { nested: "x" } }, "AuthParameters"))).toBeInstanceOf(
      SerializationException,
    );
    expect(failure(() => parameters(["USERNAME"], "AuthParameters"))).toBeInstanceOf(SerializationException);
    const long = failure(() => parameters({ USERNAME: "u".repeat(131073) }, "AuthParameters"));
    expect(long).toBeInstanceOf(InvalidParameterException);
    expect(long.message).toContain("'authParameters'");
  });
});
