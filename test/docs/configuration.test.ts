import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The configuration reference names every setting the code reads: each COGNATE_* variable of the
// configuration, its environment overrides and the entry points, and each top-level field of the
// configuration file.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const reference = read("docs/configuration.md");
const sources = [
  "src/config.ts",
  "src/config-env.ts",
  ...readdirSync(join(ROOT, "src/entry"))
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
    .map((name) => `src/entry/${name}`),
];

function variables(): string[] {
  const names = new Set<string>();
  for (const file of sources)
    for (const [name] of read(file).matchAll(/\bCOGNATE_[A-Z][A-Z0-9_]*\b/g)) names.add(name);
  return [...names].sort();
}

function fields(): string[] {
  const list = /const FIELDS = \[([^\]]*)\]/.exec(read("src/config.ts"));
  if (list === null) throw new Error("src/config.ts has no FIELDS list");
  return [...list[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!).filter((f) => f !== "$schema");
}

describe("docs/configuration.md", () => {
  it("finds the settings it checks", () => {
    expect(variables()).toEqual(expect.arrayContaining(["COGNATE_MASTER_KEY", "COGNATE_TRIGGER_TIMEOUT_MS"]));
    expect(fields()).toEqual(expect.arrayContaining(["region", "triggers"]));
  });

  it("names every COGNATE_* environment variable the code reads", () => {
    expect(variables().filter((name) => !reference.includes(`\`${name}\``))).toEqual([]);
  });

  it("has a row for every top-level field of the configuration file", () => {
    expect(fields().filter((field) => !new RegExp(`^\\| \`${field}(\\.|\`)`, "m").test(reference))).toEqual(
      [],
    );
  });
});
