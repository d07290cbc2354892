// The pages' Content-Security-Policy for a form answered with a redirect to the client.
import { describe, expect, it } from "vitest";
import { policyRedirectingTo, secured } from "./security-headers.js";

describe("policyRedirectingTo", () => {
  it("allows the redirect URI's origin, or an app's own scheme, in form-action", () => {
    expect(policyRedirectingTo("https://app.example/cb?x=1")).toContain(
      "form-action 'self' https://app.example;",
    );
    expect(policyRedirectingTo("http://localhost:3000/callback")).toContain(
      "form-action 'self' http://localhost:3000;",
    );
    expect(policyRedirectingTo("com.example.app:/oauth")).toContain("form-action 'self' com.example.app:;");
    expect(policyRedirectingTo("not a url")).toContain("form-action 'self';");
    // The e-mail box's further hop to a SAML IdP; nothing that could break out of the policy.
    expect(
      policyRedirectingTo("https://app.example/cb", [
        "https://idp.example/sso?x=1",
        "https://app.example/other",
        "https://evil.example/;script-src *",
        "bad url",
      ]),
    ).toContain("form-action 'self' https://app.example https://idp.example https://evil.example;");
  });

  it("is left alone by secured(), which fills in the rest", () => {
    const response = secured(
      new Response("", {
        headers: { "Content-Security-Policy": policyRedirectingTo("https://app.example/cb") },
      }),
    );
    expect(response.headers.get("content-security-policy")).toContain("https://app.example");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });
});
