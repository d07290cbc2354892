// The identity service's table keeps its promise: every message an exception is thrown with
// under src/identity-pool/ comes from it, none is written out in a thrown literal. The sources
// are read as text (comments blanked, as the user pools' table test does).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MESSAGES, NAMED } from "./messages.js";

const here = fileURLToPath(new URL(".", import.meta.url));

function sources(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, found);
    else if (/\.ts$/.test(name) && !/\.(test|testing)\.ts$/.test(name)) found.push(path);
  }
  return found;
}

const uncommented = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");

const THROWN_LITERAL = /new\s+\w+(?:Exception|Error)\(\s*(["'`])/g;

describe("the table of Cognito Identity messages", () => {
  it("is where every thrown message of src/identity-pool/ is written", () => {
    const files = sources(here).filter((path) => relative(here, path) !== "messages.ts");
    expect(files.some((path) => path.endsWith(join("logins", "verify-logins.ts")))).toBe(true);
    const literal: string[] = [];
    for (const path of files) {
      const text = uncommented(readFileSync(path, "utf8"));
      for (const match of text.matchAll(THROWN_LITERAL))
        literal.push(`${relative(here, path)}:${text.slice(0, match.index).split("\n").length}`);
    }
    expect(literal).toEqual([]);
  });

  it("keeps each message once", () => {
    const all = [
      ...Object.values(MESSAGES),
      ...Object.values(NAMED).map((make) => (make as (...args: string[]) => string)("\u0000", "\u0000")),
    ];
    expect(all.length).toBe(new Set(all).size);
  });
});
