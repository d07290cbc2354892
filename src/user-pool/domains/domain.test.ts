import { describe, expect, it } from "vitest";
import type { PoolRecord } from "../../storage/index.js";
import { cloudFrontName, domainKind, loginVersion, versionStamp } from "./domain.js";

const CERT = { CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" };
const pool = (config: Record<string, unknown>) => ({ id: "us-east-1_X", config }) as unknown as PoolRecord;

describe("domain rules", () => {
  it("tells prefixes from custom host names, each by its own rule", () => {
    expect(domainKind("my-app", undefined)).toBe("prefix");
    expect(domainKind("a", undefined)).toBe("prefix");
    expect(domainKind("auth.example.com", CERT)).toBe("custom");
    expect(domainKind("login.my-app.example.co.uk", CERT)).toBe("custom");
    expect(() => domainKind("auth.example.com", undefined)).toThrow(/invalid character/);
    expect(() => domainKind("My-App", undefined)).toThrow(/invalid character/);
    expect(() => domainKind("awsome", undefined)).toThrow("Domain cannot contain reserved word: aws");
    for (const host of [
      "localhost",
      "Auth.Example.com",
      "-a.example.com",
      "a..example.com",
      "a.example.123",
      "a_b.example.com",
    ])
      expect(() => domainKind(host, CERT), host).toThrow(/custom domain/);
    // A custom domain may contain the words a prefix may not.
    expect(domainKind("cognito.example.com", CERT)).toBe("custom");
  });

  it("stamps versions as yyyyMMddHHmmss in UTC", () => {
    expect(versionStamp(Date.UTC(2019, 0, 28, 17, 54, 2))).toBe("20190128175402");
  });

  it("names a stable fake CloudFront distribution per domain", async () => {
    const name = await cloudFrontName("auth.example.com");
    expect(name).toMatch(/^d[0-9a-f]{13}\.cloudfront\.net$/);
    expect(await cloudFrontName("auth.example.com")).toBe(name);
    expect(await cloudFrontName("auth.example.org")).not.toBe(name);
  });

  it("allows managed login (2) above the Lite plan only, and no version but 1 and 2", () => {
    expect(loginVersion(pool({}), undefined, 1)).toBe(1);
    expect(loginVersion(pool({}), 2, 1)).toBe(2);
    expect(loginVersion(pool({ UserPoolTier: "ESSENTIALS" }), 2, 1)).toBe(2);
    expect(loginVersion(pool({ UserPoolTier: "LITE" }), undefined, 1)).toBe(1);
    expect(() => loginVersion(pool({ UserPoolTier: "LITE" }), 2, 1)).toThrow(
      expect.objectContaining({ type: "FeatureUnavailableInTierException" }),
    );
    expect(() => loginVersion(pool({ UserPoolTier: "LITE" }), undefined, 2)).toThrow(
      expect.objectContaining({ type: "FeatureUnavailableInTierException" }),
    );
    for (const bad of [0, 3, -1])
      expect(() => loginVersion(pool({}), bad, 1)).toThrow(
        expect.objectContaining({ type: "InvalidParameterException" }),
      );
  });
});
