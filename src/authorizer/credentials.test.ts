import { HTTPException } from "hono/http-exception";
import { describe, expect, it } from "vitest";
import { bearerToken } from "./credentials.js";

const REALM = "cognate";

function refusal(authorization: string | null): { status: number; challenge: string | null } {
  try {
    bearerToken(authorization, REALM);
  } catch (error) {
    expect(error).toBeInstanceOf(HTTPException);
    const res = (error as HTTPException).getResponse();
    return { status: res.status, challenge: res.headers.get("www-authenticate") };
  }
  throw new Error(`accepted ${JSON.stringify(authorization)}`);
}

const BARE = { status: 401, challenge: `Bearer realm="${REALM}"` };
const INVALID_REQUEST = {
  status: 400,
  challenge: `Bearer realm="${REALM}", error="invalid_request", error_description="Authorization header is not Bearer followed by one token"`,
};

describe("bearerToken", () => {
  it("answers no header with 401 and a bare challenge", () => {
    expect(refusal(null)).toEqual(BARE);
  });

  it.each([
    "Basic dXNlcjpwYXNz",
    "Basic",
    "AWS4-HMAC-SHA256 Credential=AKIA/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=abc",
    'Digest username="u"',
    "Bearerx abc",
    "Token abc",
  ])("answers another scheme (%s) as no bearer credentials: 401, bare", (header) => {
    expect(refusal(header)).toEqual(BARE);
  });

  it.each([
    ["scheme only", "Bearer"],
    ["scheme and a space", "Bearer "],
    ["two tokens", "Bearer abc def"],
    ["two headers joined", "Bearer abc, Bearer def"],
    ["a comma", "Bearer abc,"],
    ["a tab instead of a space", "Bearer\tabc"],
    ["a trailing space", "Bearer abc "],
    ["'=' inside the token", "Bearer ab=cd"],
    ["a quoted token", 'Bearer "abc"'],
    ["a character outside b64token", "Bearer abc!"],
    ["non-ASCII", "Bearer jöse"],
    ["lower-case scheme, no token", "bearer"],
  ])("answers a Bearer header that is not one token (%s) with 400 invalid_request", (_, header) => {
    expect(refusal(header)).toEqual(INVALID_REQUEST);
  });

  it("returns the token of a valid header", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";
    expect(bearerToken(`Bearer ${jwt}`, REALM)).toBe(jwt);
  });

  it("accepts every b64token character, and trailing '='", () => {
    expect(bearerToken("Bearer AZaz09-._~+/", REALM)).toBe("AZaz09-._~+/");
    expect(bearerToken("Bearer abc=", REALM)).toBe("abc=");
    expect(bearerToken("Bearer abc==", REALM)).toBe("abc==");
  });

  it("treats the scheme case-insensitively", () => {
    for (const scheme of ["bearer", "BEARER", "BeArEr"])
      expect(bearerToken(`${scheme} tok`, REALM)).toBe("tok");
    expect(refusal("BASIC abc")).toEqual(BARE);
  });

  it("allows more than one space after the scheme", () => {
    expect(bearerToken("Bearer   tok", REALM)).toBe("tok");
  });

  it("puts the configured realm in the challenge", () => {
    try {
      bearerToken(null, "my-api");
      expect.unreachable();
    } catch (error) {
      expect((error as HTTPException).getResponse().headers.get("www-authenticate")).toBe(
        'Bearer realm="my-api"',
      );
    }
  });
});
