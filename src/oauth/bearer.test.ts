import { describe, expect, it } from "vitest";
import { bearerChallenge, bearerToken } from "./bearer.js";

const withAuthorization = (value?: string) =>
  new Request("https://auth.example.com/oauth2/userInfo", {
    headers: value === undefined ? {} : { authorization: value },
  });

describe("bearerToken", () => {
  it("reads an RFC 6750 b64token, the scheme in any case", () => {
    expect(bearerToken(withAuthorization("Bearer abc.DEF-_~+/=="))).toBe("abc.DEF-_~+/==");
    expect(bearerToken(withAuthorization("bearer abc"))).toBe("abc");
  });

  it("tells no header from a malformed one", () => {
    expect(bearerToken(withAuthorization())).toBeUndefined();
    for (const value of [
      "Basic abc",
      "Bearer",
      "Bearer a b",
      "Bearer a,b",
      "Bearer =abc",
      `Bearer ${"a".repeat(16_385)}`,
    ])
      expect(bearerToken(withAuthorization(value))).toBe("malformed");
  });
});

describe("bearerChallenge", () => {
  it("is a bare Bearer challenge without an error (RFC 6750 section 3.1)", async () => {
    const response = bearerChallenge(401);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
    expect(await response.text()).toBe("");
  });

  it("quotes the error and its description, dropping characters a quoted-string cannot hold", async () => {
    const response = bearerChallenge(400, "invalid_request", 'a "quoted" \\ word');
    expect(response.headers.get("www-authenticate")).toBe(
      'Bearer error="invalid_request", error_description="a quoted  word"',
    );
    expect(await response.json()).toEqual({
      error: "invalid_request",
      error_description: 'a "quoted" \\ word',
    });
  });
});
