import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OptionsError } from "../util/validate.js";
import { cognitoTrust } from "./fixtures.testing.js";
import { loadRoleFiles } from "./roles.node.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cognate-roles-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: unknown) =>
  writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));

describe("loadRoleFiles", () => {
  it("reads every *.json file as the role of its name, and nothing else", () => {
    write("Reader.json", { AssumeRolePolicyDocument: cognitoTrust(), MaxSessionDuration: 7200 });
    write(
      "Guest.json",
      `\uFEFF${JSON.stringify({ AssumeRolePolicyDocument: cognitoTrust("unauthenticated") })}`,
    );
    write("README.md", "not a role");
    mkdirSync(join(dir, "nested.json"));
    const roles = loadRoleFiles(dir);
    expect(roles.names).toEqual(["Guest", "Reader"]);
    expect(roles.roleFor("arn:aws:iam::123456789012:role/Reader")?.maxSessionDuration).toBe(7200);
    expect(roles.named("Reader")?.trust.source).toBe(`${join(dir, "Reader.json")}: AssumeRolePolicyDocument`);
  });

  it("holds no roles when the directory does not exist", () => {
    expect(loadRoleFiles(join(dir, "absent")).size).toBe(0);
  });

  it("names the file, and the field, of a bad role", () => {
    write("Reader.json", { AssumeRolePolicyDocument: { ...cognitoTrust(), Statement: { Effect: "Maybe" } } });
    expect(() => loadRoleFiles(dir)).toThrow(
      `${join(dir, "Reader.json")}: AssumeRolePolicyDocument.Statement.Effect: must be "Allow" or "Deny"`,
    );
  });

  it("names the file of bad JSON, of a bad role name, and of a file too large to read", () => {
    write("Reader.json", "{");
    expect(() => loadRoleFiles(dir)).toThrow(new RegExp(`^${join(dir, "Reader.json")}: is not valid JSON`));
    rmSync(join(dir, "Reader.json"));

    write("Bad name.json", { AssumeRolePolicyDocument: cognitoTrust() });
    expect(() => loadRoleFiles(dir)).toThrow(OptionsError);
    expect(() => loadRoleFiles(dir)).toThrow(
      new RegExp(`^${join(dir, "Bad name.json")}: "Bad name" is not a role name`),
    );
    rmSync(join(dir, "Bad name.json"));

    write("Big.json", { AssumeRolePolicyDocument: cognitoTrust(), Description: "x".repeat(70_000) });
    expect(() => loadRoleFiles(dir)).toThrow(`${join(dir, "Big.json")}: larger than 65536 bytes`);
  });
});
