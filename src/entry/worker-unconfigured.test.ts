import { describe, expect, it } from "vitest";
import { ConfigError } from "../config.js";
import { isDevelopment } from "./worker-mode.js";
import { isSigned, misconfiguredAnswer, missingSettings, unconfiguredAnswer } from "./worker-unconfigured.js";

const call = (init: { headers?: Record<string, string>; query?: string } = {}) =>
  new Request(`https://cognate.test/${init.query ?? ""}`, {
    method: "POST",
    headers: { "x-amz-target": "AWSCognitoIdentityProviderService.ListUserPools", ...init.headers },
    body: "{}",
  });

describe("the Worker's missing settings", () => {
  it("are production's unless COGNATE_ENV is exactly development", () => {
    expect(isDevelopment({})).toBe(false);
    expect(isDevelopment({ COGNATE_ENV: "production" })).toBe(false);
    expect(isDevelopment({ COGNATE_ENV: "development" })).toBe(true);
    expect(() => isDevelopment({ COGNATE_ENV: "Development" })).toThrow(ConfigError);
  });

  it("matter only when a DB binding serves user pools", () => {
    expect(missingSettings({}, false)).toEqual([]);
    expect(missingSettings({ DB: {} }, false)).toEqual([
      "COGNATE_MASTER_KEY",
      "COGNATE_ADMIN_ACCESS_KEY_ID",
      "COGNATE_ADMIN_SECRET_ACCESS_KEY",
    ]);
    expect(missingSettings({ DB: {}, COGNATE_MASTER_KEY: "k" }, true)).toEqual([]);
  });

  it("refuse signed calls only when the admin key pair is missing, in the header or presigned form", async () => {
    const missing = ["COGNATE_ADMIN_ACCESS_KEY_ID", "COGNATE_ADMIN_SECRET_ACCESS_KEY"];
    const header = call({ headers: { authorization: "AWS4-HMAC-SHA256 Credential=AKIA/..." } });
    const presigned = call({ query: "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F" });
    expect(isSigned(header) && isSigned(presigned)).toBe(true);
    for (const request of [header, presigned]) {
      const answer = unconfiguredAnswer(request, missing)!;
      expect(answer.status).toBe(400);
      expect(answer.headers.get("x-amzn-errortype")).toBe("UnrecognizedClientException");
    }
    expect(unconfiguredAnswer(call(), missing)).toBeUndefined();
    expect(
      unconfiguredAnswer(new Request("https://cognate.test/health"), ["COGNATE_MASTER_KEY"]),
    ).toBeUndefined();
  });

  it("name the setting of a configuration error, never its problem", async () => {
    const answer = misconfiguredAnswer(
      new ConfigError("COGNATE_CONFIG", "routes[0].upstream", "is 'secret'"),
    );
    expect(answer.status).toBe(501);
    const body = (await answer.json()) as { message: string };
    expect(body.message).toBe(
      "cognate is misconfigured: COGNATE_CONFIG routes[0].upstream (the problem is in the operator's log)",
    );
    const env = await misconfiguredAnswer(new ConfigError("environment", "COGNATE_ENV", "x")).json();
    expect((env as { message: string }).message).toMatch(/misconfigured: COGNATE_ENV \(/);
  });
});
