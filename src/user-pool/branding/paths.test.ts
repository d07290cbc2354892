import { describe, expect, it } from "vitest";
import { brandingAssetPath, logoPath, logoUrl } from "./paths.js";

describe("branding paths", () => {
  it("put the version in the path, so a new Set or update is a new URL", () => {
    expect(logoPath("ALL", "20250115191928")).toBe("/assets/ALL/20250115191928/logo");
    expect(logoUrl("https://auth.example.com/us-east-1_X", "abc", "20250115191928")).toBe(
      "https://auth.example.com/us-east-1_X/assets/abc/20250115191928/logo",
    );
    expect(
      brandingAssetPath("0d3b9c1e-5b8a-4d2c-9f1e-2a3b4c5d6e7f", 1750000000000, "FORM_LOGO", "DARK"),
    ).toBe("/assets/branding/0d3b9c1e-5b8a-4d2c-9f1e-2a3b4c5d6e7f/1750000000000/FORM_LOGO-DARK");
    // Nothing in a name leaves its path segment.
    expect(logoPath("a/../b", "1")).toBe("/assets/a%2F..%2Fb/1/logo");
  });
});
