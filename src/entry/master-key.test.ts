import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importMasterKey } from "../runtime/master-key.js";
import { masterKey } from "./master-key.js";

const tmp = () => mkdtempSync(join(tmpdir(), "cognate-master-"));

describe("the master key at start-up", () => {
  it("comes from COGNATE_MASTER_KEY when set, and nothing is written", () => {
    const dir = tmp();
    expect(masterKey({ COGNATE_MASTER_KEY: " abc " }, dir, true)).toEqual({
      key: "abc",
      origin: "environment",
    });
    expect(() => readFileSync(join(dir, "master-key"))).toThrow();
  });

  it("is generated once outside production, kept 0600, and read back afterwards", async () => {
    const dir = tmp();
    const first = masterKey({}, dir, false);
    expect(first.origin).toBe("generated");
    expect(first.file).toBe(join(dir, "master-key"));
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    await expect(importMasterKey(first.key)).resolves.toBeDefined();
    expect(masterKey({}, dir, false)).toEqual({ key: first.key, origin: "file", file: first.file });
  });

  it("is refused in production without COGNATE_MASTER_KEY, even with a file", () => {
    const dir = tmp();
    masterKey({}, dir, false);
    expect(() => masterKey({ COGNATE_MASTER_KEY: "" }, dir, true)).toThrow(
      /NODE_ENV=production requires COGNATE_MASTER_KEY/,
    );
  });
});
