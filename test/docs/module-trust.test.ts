import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Where the docs describe the module mode's environment filter, they also say what it does not do
// (test/node/module-trigger-environ.test.ts shows it): module code reads the server's environment
// through /proc/self/environ, and the configuration file and the data directory, so module
// handlers are trusted code and anything else belongs in the HTTP or Lambda mode.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** The paragraph (or list item) of `doc` that starts with `opening`. */
function paragraph(doc: string, opening: string): string {
  const start = doc.indexOf(opening);
  if (start < 0) throw new Error(`no paragraph opening with ${JSON.stringify(opening)}`);
  const end = doc.slice(start).search(/\n\s*\n|\n- /);
  return (end < 0 ? doc.slice(start) : doc.slice(start, start + end)).replace(/\s+/g, " ");
}

describe("the module mode's environment filter, as the docs tell it", () => {
  const places = [
    ["docs/security.md", "- **Module handlers are trusted code.**"],
    ["docs/triggers.md", "Modules run in a pool of `moduleThreads` worker threads"],
    ["src/user-pool/triggers/module.node.ts", "/**\n * The module mode (Node only)"],
  ] as const;

  it.each(places)(
    "%s names /proc/self/environ, the config file and the data directory, and the other modes",
    (path, opening) => {
      const text = paragraph(read(path), opening);
      expect(text).toContain("/proc/self/environ");
      expect(text).toMatch(/configuration file/);
      expect(text).toMatch(/data directory/);
      expect(text).toMatch(/trusted code/);
      expect(text).toMatch(/HTTP or Lambda mode/);
    },
  );
});
