import { describe, expect, it } from "vitest";
import {
  bearerChallenge,
  bearerFailure,
  forbidden,
  keysUnavailable,
  missingCredentials,
} from "./challenge.js";

describe("bearerChallenge", () => {
  it("is a bare realm without an error", () => {
    expect(bearerChallenge("cognate")).toBe('Bearer realm="cognate"');
  });

  it("adds error, description and scope in that order", () => {
    expect(
      bearerChallenge("api", "insufficient_scope", "needs a scope", ["orders/read", "orders/write"]),
    ).toBe(
      'Bearer realm="api", error="insufficient_scope", error_description="needs a scope", scope="orders/read orders/write"',
    );
  });

  it("leaves out an empty scope list", () => {
    expect(bearerChallenge("api", "invalid_token", "bad", [])).toBe(
      'Bearer realm="api", error="invalid_token", error_description="bad"',
    );
  });

  it("turns a double quote into a single quote, so a value cannot end its quoted-string", () => {
    expect(bearerChallenge("api", "invalid_token", 'no key with kid "k2"')).toBe(
      `Bearer realm="api", error="invalid_token", error_description="no key with kid 'k2'"`,
    );
    expect(bearerChallenge('a"b')).toBe(`Bearer realm="a'b"`);
  });

  it("turns a backslash, control characters and non-ASCII into '?'", () => {
    expect(bearerChallenge("api", "invalid_token", "a\\b")).toContain('error_description="a?b"');
    expect(bearerChallenge("api", "invalid_token", "zoë")).toContain('error_description="zo?"');
    expect(bearerChallenge("api", "invalid_token", "x\r\nSet-Cookie: y\t\0")).toContain(
      'error_description="x??Set-Cookie: y??"',
    );
    expect(bearerChallenge("réalm\\")).toBe('Bearer realm="r?alm?"');
    expect(bearerChallenge("api", "insufficient_scope", "s", ["naïve"])).toContain('scope="na?ve"');
  });

  it("keeps every other printable ASCII character as it is", () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i))
      .filter((c) => c !== '"' && c !== "\\")
      .join("");
    expect(bearerChallenge(printable)).toBe(`Bearer realm="${printable}"`);
  });

  it("always yields a valid header value", () => {
    const header = bearerChallenge("r\u2028", "invalid_token", "\u{1F600}\n\u0000");
    expect(() => new Headers({ "www-authenticate": header })).not.toThrow();
    expect(header).toMatch(/^[\x20-\x7e]*$/);
  });
});

describe("missingCredentials", () => {
  it("is 401 with a bare challenge and no error parameter", async () => {
    const res = missingCredentials("cognate").getResponse();
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="cognate"');
    expect(res.headers.get("www-authenticate")).not.toContain("error");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ message: "Unauthorized" });
  });
});

describe("bearerFailure", () => {
  it.each([
    ["invalid_request", 400, "Bad Request"],
    ["invalid_token", 401, "Unauthorized"],
    ["insufficient_scope", 403, "Forbidden"],
  ] as const)("%s is HTTP %i", async (error, status, message) => {
    const cause = new Error("why");
    const exception = bearerFailure("api", error, "what went wrong", { cause });
    expect(exception.status).toBe(status);
    expect(exception.message).toBe("what went wrong");
    expect(exception.cause).toBe(cause);
    const res = exception.getResponse();
    expect(res.status).toBe(status);
    expect(res.headers.get("www-authenticate")).toBe(
      `Bearer realm="api", error="${error}", error_description="what went wrong"`,
    );
    expect(await res.json()).toEqual({ message });
  });

  it("names the scopes that would do on insufficient_scope", () => {
    const res = bearerFailure("api", "insufficient_scope", "lacks scope", {
      scope: ["a/read", "b/read"],
    }).getResponse();
    expect(res.headers.get("www-authenticate")).toContain('scope="a/read b/read"');
  });
});

describe("forbidden", () => {
  it("is 403 with API Gateway's message and no challenge", async () => {
    const res = forbidden("not in group").getResponse();
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toBeNull();
    expect(await res.json()).toEqual({ message: "User is not authorized to access this resource" });
  });
});

describe("keysUnavailable", () => {
  it("is 503 with a Retry-After rounded up", async () => {
    const res = keysUnavailable(2.1, new Error("down")).getResponse();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("3");
    expect((await res.json()).message).toMatch(/signing keys are unavailable/);
  });

  it.each([0, 0.2, 1, -5])("never says Retry-After below 1 (given %d)", (seconds) => {
    expect(keysUnavailable(seconds, undefined).getResponse().headers.get("retry-after")).toBe("1");
  });

  it("keeps the cause", () => {
    const cause = new Error("down");
    expect(keysUnavailable(2, cause).cause).toBe(cause);
  });
});
