import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cycles, globRegExp, importGraph, importsOf, treeViolations, violations } from "./check-deps.mjs";

const RULES = {
  cycles: true,
  layers: [
    { name: "util", paths: ["util/**"] },
    { name: "core", paths: ["core/**"] },
    { name: "entry", paths: ["entry/**", "app.ts"] },
  ],
  isolated: ["ops"],
  nodeOnly: { allowedIn: ["entry/**", "**/*.node.ts"], packages: ["better-sqlite3"] },
  packages: [{ name: "XML", packages: ["xml-crypto", "@xmldom/xmldom"], allowedIn: ["core/saml/**"] }],
};

/** The violations of `RULES` in a tree given as `{ file: text }`, as `rule from -> to` lines. */
function check(tree, rules = RULES) {
  const graph = importGraph(Object.entries(tree), { "#port": ["util/port.web.ts", "util/port.node.ts"] });
  return violations(graph, rules).map((v) => `${v.rule} ${v.from} -> ${v.to}`);
}

describe("importsOf", () => {
  it("reads every form of import and export-from, single- and multi-line, type-only too", () => {
    const text = [
      'import { a } from "./a.js";',
      'import type { B } from "./b.js";',
      "import {",
      "  c,",
      "  type C,",
      '} from "./c.js";',
      'import d, { e } from "./d.js";',
      'import * as f from "./f.js";',
      'export * from "./g.js";',
      'export * as h from "./h.js";',
      'export { i, type I } from "./i.js";',
      'export type { J } from "./j.js";',
      'import "./side-effect.js";',
      'const k = await import("./k.js");',
      'let l: import("node:crypto").KeyObject;',
      "import {m} from'./m.js'",
    ].join("\n");
    expect(importsOf(text)).toEqual([
      "./a.js",
      "./b.js",
      "./c.js",
      "./d.js",
      "./f.js",
      "./g.js",
      "./h.js",
      "./i.js",
      "./j.js",
      "./side-effect.js",
      "./k.js",
      "node:crypto",
      "./m.js",
    ]);
  });

  it("skips TSDoc examples, comments and exports without a module", () => {
    const text = [
      "/**",
      " * @example",
      " * ```ts",
      ' * import { nodeForward } from "./gateway/forward.node.js";',
      ' * const x = await import("./lazy.js");',
      " * ```",
      " */",
      '// import { old } from "./old.js";',
      "export const from = 1;",
      'export function f() { return "from"; }',
      "export { from as to };",
    ].join("\n");
    expect(importsOf(text)).toEqual([]);
  });
});

describe("globRegExp", () => {
  it("matches * within a segment and ** across segments", () => {
    expect(globRegExp("user-pool/**").test("user-pool/srp/claim.ts")).toBe(true);
    expect(globRegExp("user-pool/**").test("user-pool.ts")).toBe(false);
    expect(globRegExp("**/*.node.ts").test("storage/sqlite.node.ts")).toBe(true);
    expect(globRegExp("**/*.node.ts").test("x.node.ts")).toBe(true);
    expect(globRegExp("**/*.node.ts").test("storage/sqlite.ts")).toBe(false);
    expect(globRegExp("entry/*").test("entry/a/b.ts")).toBe(false);
  });
});

describe("the import graph", () => {
  it("resolves relative .js specifiers to .ts files and #aliases to every file they may pick", () => {
    const graph = importGraph([
      [
        "core/a.ts",
        'import { b } from "./b.js";\nimport { c } from "../util/c.js";\nimport { x } from "#port";',
      ],
      ["core/b.ts", 'import { Hono } from "hono";\nimport { readFileSync } from "node:fs";'],
    ]);
    expect(graph.get("core/a.ts")).toEqual({ imports: ["core/b.ts", "util/c.ts"], external: ["#port"] });
    expect(graph.get("core/b.ts")).toEqual({ imports: [], external: ["hono", "node:fs"] });
    const aliased = importGraph([["core/a.ts", 'import { x } from "#port";']], { "#port": ["util/p.ts"] });
    expect(aliased.get("core/a.ts").imports).toEqual(["util/p.ts"]);
  });

  it("finds each circle once, as a shortest path and its files, and none in a tree without one", () => {
    const graph = importGraph([
      ["a.ts", 'import "./b.js";'],
      ["b.ts", 'import "./c.js";\nimport "./d.js";'],
      ["c.ts", 'import "./a.js";'],
      ["d.ts", 'import "./e.js";'],
      ["e.ts", 'import "./d.js";'],
      ["f.ts", 'import "./f.js";'],
      ["g.ts", 'import "./a.js";'],
    ]);
    expect(cycles(graph)).toEqual([
      { path: ["a.ts", "b.ts", "c.ts", "a.ts"], files: ["a.ts", "b.ts", "c.ts"] },
      { path: ["d.ts", "e.ts", "d.ts"], files: ["d.ts", "e.ts"] },
      { path: ["f.ts", "f.ts"], files: ["f.ts"] },
    ]);
    expect(
      cycles(
        importGraph([
          ["a.ts", 'import "./b.js";'],
          ["b.ts", 'import "./c.js";'],
        ]),
      ),
    ).toEqual([]);
  });

  it("follows a long chain without overflowing the stack", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => [`m${i}.ts`, `import "./m${i + 1}.js";`]);
    chain.push(["m20000.ts", 'import "./m0.js";']);
    const [circle] = cycles(importGraph(chain));
    expect(circle.files).toHaveLength(20_001);
  });
});

describe("violations", () => {
  it("passes a tree that keeps every rule", () => {
    expect(
      check({
        "util/c.ts": "",
        "core/a.ts": 'import { c } from "../util/c.js";\nimport { b } from "./b.js";',
        "core/b.ts": "",
        "core/db.node.ts": 'import Database from "better-sqlite3";\nimport { join } from "node:path";',
        "ops/auth/x.ts": 'import { y } from "./y.js";\nimport { a } from "../../core/a.js";',
        "ops/auth/y.ts": "",
        "ops/index.ts": 'import { x } from "./auth/x.js";\nimport { z } from "./users/z.js";',
        "ops/users/z.ts": "",
        "entry/node.ts": 'import { serve } from "node:http";\nimport { a } from "../core/a.js";',
        "app.ts": 'import { x } from "./ops/auth/x.js";',
      }),
    ).toEqual([]);
  });

  it("reports an arrow from a lower layer to a higher one, and through an #alias", () => {
    expect(
      check({
        "util/c.ts": 'import { a } from "../core/a.js";',
        "util/port.web.ts": "",
        "util/port.node.ts": 'import { app } from "../app.js";',
        "core/a.ts": 'import { x } from "#port";',
        "app.ts": "",
      }),
    ).toEqual(["layers util/c.ts -> core/a.ts", "layers util/port.node.ts -> app.ts"]);
  });

  it("reports a circle", () => {
    expect(check({ "core/a.ts": 'import "./b.js";', "core/b.ts": 'import "./a.js";' })).toEqual([
      "cycles core/a.ts -> core/a.ts -> core/b.ts -> core/a.ts",
    ]);
  });

  it("reports a file of one unit of an isolated folder importing another unit (folder or loose file)", () => {
    expect(
      check({
        "ops/auth/x.ts": 'import { z } from "../users/z.js";\nimport { p } from "../pool.js";',
        "ops/users/z.ts": 'import type { X } from "../auth/x.js";',
        "ops/pool.ts": 'import { y } from "./users/deep/y.js";',
        "ops/users/deep/y.ts": "",
      }).filter((line) => !line.startsWith("cycles")),
    ).toEqual([
      "isolated ops/auth/x.ts -> ops/users/z.ts",
      "isolated ops/auth/x.ts -> ops/pool.ts",
      "isolated ops/pool.ts -> ops/users/deep/y.ts",
      "isolated ops/users/z.ts -> ops/auth/x.ts",
    ]);
  });

  it("reports Node-only modules outside entry/ and *.node.ts: node:*, bare built-ins, listed packages", () => {
    expect(
      check({
        "core/a.ts": 'import { readFileSync } from "node:fs";\nimport { join } from "path";',
        "core/b.ts": 'import type { Database } from "better-sqlite3";\nimport { Hono } from "hono";',
        "core/c.ts": 'let k: import("node:crypto").KeyObject;',
      }),
    ).toEqual([
      "nodeOnly core/a.ts -> node:fs",
      "nodeOnly core/a.ts -> path",
      "nodeOnly core/b.ts -> better-sqlite3",
      "nodeOnly core/c.ts -> node:crypto",
    ]);
  });
});

describe("packages", () => {
  it("reports a listed package, or a sub-path of it, outside the files its rule allows", () => {
    expect(
      check({
        "core/saml/verify.ts":
          'import { SignedXml } from "xml-crypto";\nimport { DOMParser } from "@xmldom/xmldom";',
        "core/a.ts":
          'import { DOMParser } from "@xmldom/xmldom/lib/dom.js";\nimport { x } from "xml-cryptography";',
        "entry/b.ts": 'import type { SignedXml } from "xml-crypto";',
      }),
    ).toEqual(["packages core/a.ts -> @xmldom/xmldom/lib/dom.js", "packages entry/b.ts -> xml-crypto"]);
  });
});

describe("cognate's own tree (dependency-rules.json)", () => {
  it("breaks no rule outside src/user-pool/actions/, whose operation folders are being taken apart", () => {
    const { files, found } = treeViolations(fileURLToPath(new URL("..", import.meta.url)));
    expect(files.length).toBeGreaterThan(100);
    const outside = found.filter((v) => !v.from.startsWith("user-pool/actions/"));
    expect(outside.map((v) => `${v.rule} ${v.from} -> ${v.to}`)).toEqual([]);
  });
});
