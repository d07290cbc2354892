// The table keeps its promise: every Cognito message an exception is thrown with under
// src/user-pool/ is written once. The sources are read as text, with a regular expression (as
// scripts/check-deps.mjs reads imports), comments left out so that TSDoc may quote a message.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MESSAGES, NAMED } from "./messages.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const src = fileURLToPath(new URL("..", import.meta.url));

/** The source files of src/user-pool/, tests and test helpers left out. */
function sources(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, found);
    else if (/\.ts$/.test(name) && !/\.(test|testing)\.ts$/.test(name)) found.push(path);
  }
  return found;
}

/** The text with its comments blanked (lines kept, so that positions still name a line). */
const uncommented = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");

/** A template's placeholders, `${...}`, all read as one mark, so that templates compare by shape. */
const HOLE = "\u0000";
const shape = (literal: string) => literal.replace(/\$\{[^}]*\}/g, HOLE);

const THROWN = /new\s+\w+(?:Exception|Error)\(\s*(["'`])((?:\\.|(?!\1)[^\\])*)\1/g;
const LITERAL = /(["'`])((?:\\.|(?!\1)[^\\\n])*)\1/g;

const read = (root: string) => (path: string) => ({
  name: relative(root, path),
  text: uncommented(readFileSync(path, "utf8")),
});

const files = sources(here)
  .filter((path) => relative(here, path) !== "messages.ts")
  .map(read(here));

const lineOf = (text: string, at: number) => text.slice(0, at).split("\n").length;

/** Where each message thrown by a constructor `pattern` matches is written, under `at`. */
function thrownMessages(at: { name: string; text: string }[], pattern: RegExp): [string, string[]][] {
  const places = new Map<string, string[]>();
  for (const { name, text } of at) {
    for (const match of text.matchAll(pattern)) {
      const message = shape(match[2] ?? "");
      if (message === "") continue;
      places.set(message, [...(places.get(message) ?? []), `${name}:${lineOf(text, match.index)}`]);
    }
  }
  return [...places].filter(([, where]) => where.length > 1);
}

describe("the table of Cognito messages", () => {
  it("reads the sources it checks", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.name === "sign-in/user.ts")).toBe(true);
  });

  it("no message an exception is thrown with is written out in two places", () => {
    const repeated = thrownMessages(files, THROWN).map(([m, at]) => `${m}: ${at.join(", ")}`);
    expect(repeated).toEqual([]);
  });

  it("nor anywhere under src/: an AWS error's message, or a built-in error's", () => {
    // ConfigError, OptionsError and JwtError take a source, a path or a code first, not a message.
    const everywhere = sources(src).map(read(src));
    const AWS_OR_BUILT_IN =
      /new\s+(?:\w+Exception|Error|TypeError|RangeError)\(\s*(["'`])((?:\\.|(?!\1)[^\\])*)\1/g;
    const repeated = thrownMessages(everywhere, AWS_OR_BUILT_IN).map(([m, at]) => `${m}: ${at.join(", ")}`);
    expect(repeated).toEqual([]);
  });

  it("no message of the table is written out again outside it", () => {
    const table = new Map<string, string>();
    for (const [key, message] of Object.entries(MESSAGES)) table.set(message, `MESSAGES.${key}`);
    for (const [key, make] of Object.entries(NAMED)) table.set(make(HOLE), `NAMED.${key}`);
    const again: string[] = [];
    for (const { name, text } of files) {
      for (const match of text.matchAll(LITERAL)) {
        const key = table.get(shape(match[2] ?? ""));
        if (key !== undefined) again.push(`${key} at ${name}:${lineOf(text, match.index)}`);
      }
    }
    expect(again).toEqual([]);
  });

  it("keeps each message once in the table itself", () => {
    const all = [...Object.values(MESSAGES), ...Object.values(NAMED).map((make) => make(HOLE))];
    expect(all.length).toBe(new Set(all).size);
  });
});

describe("PreventUserExistenceErrors", () => {
  it("is asked only in prevent-user-existence.ts (hidesUsers)", () => {
    const asked: string[] = [];
    for (const { name, text } of files) {
      if (name === "prevent-user-existence.ts") continue;
      // A comparison with the setting or with ENABLED, or a read of a stored client's setting.
      const pattern =
        /PreventUserExistenceErrors\s*[!=]==|[!=]==\s*["'`]ENABLED["'`]|["'`]ENABLED["'`]\s*[!=]==|config\??\.PreventUserExistenceErrors\b/g;
      for (const match of text.matchAll(pattern)) asked.push(`${name}:${lineOf(text, match.index)}`);
    }
    // RefreshTokenRotation's Feature is ENABLED too: that one is not the rule asked here.
    expect(asked.filter((at) => !at.startsWith("sign-in/rotation.ts:"))).toEqual([]);
  });
});
