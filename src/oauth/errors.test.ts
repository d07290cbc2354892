import { describe, expect, it } from "vitest";
import { errorPage, errorRedirect, tokenError, withParams } from "./errors.js";

describe("tokenError", () => {
  it("is RFC 6749 section 5.2 JSON, 400, never cached, readable cross-origin", async () => {
    const response = tokenError("invalid_grant", "Refresh token has been revoked");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "invalid_grant",
      error_description: "Refresh token has been revoked",
    });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("may be 401 with a challenge, and may have no description", async () => {
    const response = tokenError("invalid_client", undefined, 401, {
      "WWW-Authenticate": 'Basic realm="cognate"',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "invalid_client" });
    expect(response.headers.get("www-authenticate")).toBe('Basic realm="cognate"');
  });
});

describe("errorPage", () => {
  it("shows the code and the reason as escaped text, with no link, and never redirects", async () => {
    const response = errorPage(undefined, "redirect_mismatch", '<a href="https://evil">x</a>');
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    const html = await response.text();
    expect(html).toContain("An error was encountered with the requested page.");
    expect(html).toContain("redirect_mismatch");
    expect(html).toContain("&lt;a href=&quot;https://evil&quot;&gt;");
    expect(html).not.toContain("<a ");
  });
});

describe("withParams and errorRedirect", () => {
  it("adds to the query, after one the URI has, or to the fragment", () => {
    expect(withParams("https://a/cb", { code: "c", state: undefined })).toBe("https://a/cb?code=c");
    expect(withParams("https://a/cb?x=1", { code: "c", state: "s t" })).toBe(
      "https://a/cb?x=1&code=c&state=s+t",
    );
    expect(withParams("https://a/cb?", { code: "c" })).toBe("https://a/cb?code=c");
    expect(withParams("myapp://cb", { access_token: "t" }, "fragment")).toBe("myapp://cb#access_token=t");
  });

  it("redirects with error, description and state; in the fragment for token", () => {
    const code = errorRedirect({ redirectUri: "https://a/cb", state: "s" }, "invalid_scope", "no");
    expect(code.status).toBe(302);
    expect(code.headers.get("location")).toBe(
      "https://a/cb?error=invalid_scope&error_description=no&state=s",
    );
    const token = errorRedirect({ redirectUri: "https://a/cb", responseType: "token" }, "access_denied");
    expect(token.headers.get("location")).toBe("https://a/cb#error=access_denied");
  });
});
