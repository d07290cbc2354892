import { describe, expect, it } from "vitest";
import { failure, MESSAGES } from "../../protocol/sigv4-errors.js";
import { accessDenied, maskedAccount, roleGone, signatureRefused } from "./answers.js";

async function wire(error: { getResponse(): Response }) {
  const res = error.getResponse();
  return { status: res.status, type: res.headers.get("x-amzn-errortype"), body: await res.json() };
}

const USER = "arn:aws:sts::000000000000:assumed-role/Reader/CognitoIdentityCredentials";
const ARN = "arn:aws:execute-api:eu-west-1:123456789012:shop/live/GET/files/7";
const MASKED = "arn:aws:execute-api:eu-west-1:********9012:shop/live/GET/files/7";

describe("signatureRefused", () => {
  it("answers as API Gateway's IAM authorization: 403 with the message, the reason in x-amzn-ErrorType", async () => {
    expect(
      await wire(signatureRefused(failure("MissingAuthenticationTokenException", MESSAGES.missingToken))),
    ).toEqual({
      status: 403,
      type: "MissingAuthenticationTokenException",
      body: { message: "Missing Authentication Token" },
    });
    expect(await wire(signatureRefused(failure("UnrecognizedClientException", MESSAGES.unknownKey)))).toEqual(
      {
        status: 403,
        type: "UnrecognizedClientException",
        body: { message: "The security token included in the request is invalid." },
      },
    );
    expect(await wire(signatureRefused(failure("ExpiredTokenException", MESSAGES.expiredToken)))).toEqual({
      status: 403,
      type: "ExpiredTokenException",
      body: { message: "The security token included in the request is expired" },
    });
    expect(
      (await wire(signatureRefused(failure("InvalidSignatureException", MESSAGES.mismatch)))).body,
    ).toEqual({
      message: MESSAGES.mismatch,
    });
  });

  it("answers a body over the limit 413 and a throttled key 429, in API Gateway's words", async () => {
    expect(
      await wire(signatureRefused(failure("RequestEntityTooLargeException", MESSAGES.tooLarge(5)))),
    ).toEqual({
      status: 413,
      type: "RequestEntityTooLargeException",
      body: { message: "Request Entity Too Large" },
    });
    expect(await wire(signatureRefused(failure("ThrottlingException", MESSAGES.rateExceeded)))).toEqual({
      status: 429,
      type: "ThrottlingException",
      body: { message: "Too Many Requests" },
    });
  });

  it("treats a session whose role is gone as an invalid token", async () => {
    expect(await wire(roleGone())).toEqual({
      status: 403,
      type: "UnrecognizedClientException",
      body: { message: "The security token included in the request is invalid." },
    });
  });
});

describe("accessDenied", () => {
  it("names the assumed role, the action and the resource (its account masked), and why", async () => {
    const denied = (explicit: boolean, by: "identity-based" | "session") =>
      wire(accessDenied(USER, ARN, { explicit, by }));
    const prefix = `User: ${USER} is not authorized to perform: execute-api:Invoke on resource: ${MASKED}`;
    expect(await denied(false, "identity-based")).toEqual({
      status: 403,
      type: "AccessDeniedException",
      body: { Message: `${prefix} because no identity-based policy allows the execute-api:Invoke action` },
    });
    expect((await denied(false, "session")).body.Message).toBe(
      `${prefix} because no session policy allows the execute-api:Invoke action`,
    );
    expect((await denied(true, "identity-based")).body.Message).toBe(
      `${prefix} with an explicit deny in an identity-based policy`,
    );
    expect((await denied(true, "session")).body.Message).toBe(
      `${prefix} with an explicit deny in a session policy`,
    );
  });

  it("masks all but the account's last four digits, and only the account", () => {
    expect(maskedAccount(ARN)).toBe(MASKED);
    expect(maskedAccount("arn:aws:execute-api:us-east-1:000000000000:cognate/$default/GET/")).toBe(
      "arn:aws:execute-api:us-east-1:********0000:cognate/$default/GET/",
    );
  });
});
