import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { FILTER_SOURCE, renderFilterModule, selectEntries } from "./build.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const committed = readFileSync(join(root, "src/user-pool/breached/filter-data.ts"), "utf8");
const require = createRequire(import.meta.url);
const listText = readFileSync(
  join(dirname(require.resolve(`${FILTER_SOURCE.packageName}/package.json`)), FILTER_SOURCE.path),
  "utf8",
);
const scratch = mkdtempSync(join(tmpdir(), "breached-filter-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the filter generator", () => {
  it("renders the committed module byte for byte, every time", () => {
    const first = renderFilterModule(listText);
    expect(renderFilterModule(listText)).toBe(first);
    expect(first).toBe(committed);
  });

  it("pins the package version it reads", () => {
    expect(require(`${FILTER_SOURCE.packageName}/package.json`).version).toBe(FILTER_SOURCE.packageVersion);
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(manifest.devDependencies[FILTER_SOURCE.packageName]).toBe(FILTER_SOURCE.packageVersion);
    expect(manifest.dependencies[FILTER_SOURCE.packageName]).toBeUndefined();
  });

  it("selects the top lines exactly, in order, without duplicates or short entries", () => {
    expect(selectEntries("123456\r\npassword\nabc\npassword\n\nPassWord \nlast-one\n")).toEqual([
      "123456",
      "password",
      "PassWord ",
      "last-one",
    ]);
    expect(selectEntries(listText).slice(0, 3)).toEqual(["123456", "password", "12345678"]);
  });

  it("changes the module when the list changes", () => {
    expect(renderFilterModule(`${listText.split("\n").slice(0, 5_000).join("\n")}\n`)).not.toBe(committed);
  });

  // The script loads the compiled builder: `npm test` builds dist/ first.
  it("scripts/build-breached-filter.mjs writes the same bytes on every run", () => {
    const outputs = ["a.ts", "b.ts"].map((name) => {
      const out = join(scratch, name);
      execFileSync(process.execPath, [join(root, "scripts/build-breached-filter.mjs"), out], { cwd: root });
      return readFileSync(out);
    });
    expect(outputs[0]!.equals(outputs[1]!)).toBe(true);
    expect(outputs[0]!.toString("utf8")).toBe(committed);
  });
});
