import { describe, expect, it } from "vitest";
import { withoutPresignedQuery, withoutSigV4Headers } from "./sigv4-credentials.js";

describe("withoutSigV4Headers", () => {
  it("removes Authorization and X-Amz-Security-Token, and nothing else", () => {
    const headers = new Headers({
      Authorization: "AWS4-HMAC-SHA256 Credential=...",
      "X-Amz-Security-Token": "s1.ASIA...",
      "x-amz-date": "20240101T000000Z",
      "content-type": "application/json",
    });
    withoutSigV4Headers(headers);
    expect([...headers.keys()].sort()).toEqual(["content-type", "x-amz-date"]);
  });
});

describe("withoutPresignedQuery", () => {
  it("drops the presigned form's parameters in any case, keeping the others as sent and in order", () => {
    const url =
      "https://gw.example/files/a?b=2&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIA%2F20240101&a=%20x" +
      "&X-Amz-Date=20240101T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&x-amz-security-token=s1.t" +
      "&X-Amz-Signature=abc&x-amz-content-sha256=UNSIGNED&X%2DAmz%2DSignature=again&flag";
    expect(withoutPresignedQuery(url)).toBe(
      "https://gw.example/files/a?b=2&a=%20x&x-amz-content-sha256=UNSIGNED&flag",
    );
  });

  it("leaves a URL without them (or without a query) unchanged, and drops a query left empty", () => {
    expect(withoutPresignedQuery("https://gw.example/a")).toBe("https://gw.example/a");
    expect(withoutPresignedQuery("https://gw.example/a?x=1&y")).toBe("https://gw.example/a?x=1&y");
    expect(withoutPresignedQuery("https://gw.example/a?X-Amz-Signature=abc")).toBe("https://gw.example/a");
    expect(withoutPresignedQuery("https://gw.example/a?%zz=1")).toBe("https://gw.example/a?%zz=1");
  });
});
