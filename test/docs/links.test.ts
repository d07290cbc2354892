import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { headingAnchors, linkTargets } from "./markdown.js";

// Every relative link of the front page and the manual leads somewhere: the file (or folder) exists
// and, for a `#anchor`, the target file has a heading GitHub gives that anchor.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const files = [
  "README.md",
  "policies/README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

const anchorsOf = new Map<string, Set<string>>();
function anchors(file: string): Set<string> {
  let set = anchorsOf.get(file);
  if (set === undefined) {
    set = headingAnchors(readFileSync(file, "utf8"));
    anchorsOf.set(file, set);
  }
  return set;
}

function broken(file: string): string[] {
  const problems: string[] = [];
  for (const { target, line } of linkTargets(readFileSync(join(ROOT, file), "utf8"))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not this test's business
    const hash = target.indexOf("#");
    const path = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
    const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const resolved = path === "" ? join(ROOT, file) : join(dirname(join(ROOT, file)), path);
    const where = `${file}:${line}: ${target}`;
    if (relative(ROOT, resolved).startsWith("..")) problems.push(`${where}: leaves the repository`);
    else if (!existsSync(resolved)) problems.push(`${where}: no such file`);
    else if (anchor !== undefined) {
      if (statSync(resolved).isDirectory() || !resolved.endsWith(".md"))
        problems.push(`${where}: an anchor into a non-Markdown file`);
      else if (!anchors(resolved).has(anchor)) problems.push(`${where}: no heading with that anchor`);
    }
  }
  return problems;
}

describe("the docs' relative links", () => {
  it("covers the front page and every file of docs/", () => {
    expect(files).toEqual(
      expect.arrayContaining(["README.md", "docs/README.md", "docs/tour.md", "docs/security.md"]),
    );
  });

  it.each(files)("%s: every relative link and anchor resolves", (file) => {
    expect(broken(file)).toEqual([]);
  });

  it("the manual's index (docs/README.md) links every file of docs/", () => {
    const linked = new Set(
      linkTargets(readFileSync(join(ROOT, "docs/README.md"), "utf8")).map((l) => l.target.split("#")[0]),
    );
    const pages = files
      .filter((f) => f.startsWith("docs/") && f !== "docs/README.md")
      .map((f) => f.slice("docs/".length));
    expect(pages.filter((page) => !linked.has(page))).toEqual([]);
  });

  it("reads anchors as GitHub makes them", () => {
    const set = headingAnchors(
      [
        "# The authorizer: `authorizer()`",
        "## Step-up (RFC 9470)",
        "## 7. Protect an API with the pool's tokens",
        "## Options",
        "## Options",
        "## [Linked](x.md) heading",
        "```md",
        "## not a heading",
        "```",
      ].join("\n"),
    );
    expect([...set]).toEqual([
      "the-authorizer-authorizer",
      "step-up-rfc-9470",
      "7-protect-an-api-with-the-pools-tokens",
      "options",
      "options-1",
      "linked-heading",
    ]);
  });

  it("finds a broken link, and a broken anchor", () => {
    const targets = linkTargets(
      "See [a](missing.md), [b](#nowhere) and `[c](in-code.md)`.\n\n```\n[d](fenced.md)\n```\n[e]: ref.md",
    );
    expect(targets.map((t) => t.target)).toEqual(["missing.md", "#nowhere", "ref.md"]);
  });
});
