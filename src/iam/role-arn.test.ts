import { describe, expect, it } from "vitest";
import { assumedRoleArn, COGNATE_ACCOUNT_ID, parseRoleArn, roleArn, roleId } from "./role-arn.js";

describe("parseRoleArn", () => {
  it("reads a role ARN of any 12-digit account, with or without a path", () => {
    expect(parseRoleArn("arn:aws:iam::123456789012:role/Reader")).toEqual({
      partition: "aws",
      account: "123456789012",
      path: "/",
      name: "Reader",
    });
    expect(parseRoleArn("arn:aws:iam::000000000000:role/service-role/app/Cognito_Auth+Role=1,.@-")).toEqual({
      partition: "aws",
      account: "000000000000",
      path: "/service-role/app/",
      name: "Cognito_Auth+Role=1,.@-",
    });
    expect(parseRoleArn("arn:aws-cn:iam::123456789012:role/Reader")?.partition).toBe("aws-cn");
  });

  it("refuses what is not a role ARN", () => {
    for (const arn of [
      "",
      "Reader",
      "arn:aws:iam::12345678901:role/Reader", // 11 digits
      "arn:aws:iam::1234567890123:role/Reader",
      "arn:aws:iam:us-east-1:123456789012:role/Reader", // IAM ARNs have no region
      "arn:aws:iam::123456789012:user/Reader",
      "arn:aws:sts::123456789012:assumed-role/Reader/session",
      "arn:aws:iam::123456789012:role/",
      "arn:aws:iam::123456789012:role//Reader",
      "arn:aws:iam::123456789012:role/app//Reader",
      "arn:aws:iam::123456789012:role/Read*",
      "arn:aws:iam::123456789012:role/Read er",
      `arn:aws:iam::123456789012:role/${"a".repeat(65)}`,
      `arn:aws:iam::123456789012:role/${"p/".repeat(1100)}Reader`,
      "arn:aws:iam::123456789012:role/Reader\n",
    ]) {
      expect(parseRoleArn(arn), arn).toBeUndefined();
    }
  });
});

describe("role ARNs", () => {
  it("formats a role ARN in cognate's account by default", () => {
    expect(roleArn("Reader")).toBe(`arn:aws:iam::${COGNATE_ACCOUNT_ID}:role/Reader`);
    expect(roleArn("Reader", "123456789012", "/app/")).toBe("arn:aws:iam::123456789012:role/app/Reader");
    expect(parseRoleArn(roleArn("Reader"))?.name).toBe("Reader");
  });

  it("formats an assumed-role ARN as STS does", () => {
    expect(assumedRoleArn("Reader", "CognitoIdentityCredentials")).toBe(
      "arn:aws:sts::000000000000:assumed-role/Reader/CognitoIdentityCredentials",
    );
    expect(assumedRoleArn("Reader", "s", "123456789012")).toBe(
      "arn:aws:sts::123456789012:assumed-role/Reader/s",
    );
  });
});

describe("roleId", () => {
  it("is AROA and 17 characters of [A-Z2-7], the same for the same name, different for another", async () => {
    const id = await roleId("Reader");
    expect(id).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(await roleId("Reader")).toBe(id);
    expect(await roleId("Writer")).not.toBe(id);
    expect(await roleId("reader")).not.toBe(id);
  });

  it("is stable across builds: a fixed derivation, not a random one", async () => {
    // SHA-256("cognate role id\nReader") in base32, first 17 characters; changing it changes
    // every session's aws:userid, which policies may name.
    const digest = new Uint8Array(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode("cognate role id\nReader")),
    );
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let bits = "";
    for (const b of digest) bits += b.toString(2).padStart(8, "0");
    let expected = "";
    for (let i = 0; i < 17; i++) expected += alphabet[Number.parseInt(bits.slice(i * 5, i * 5 + 5), 2)];
    expect(await roleId("Reader")).toBe(`AROA${expected}`);
  });
});
