import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// A new TypeScript app (test/fixtures/hono-app) installs cognate the way a user does, from the
// tarball `npm pack` makes, next to its own hono: another 4.x than the one cognate's tests pin.
// npm lays out node_modules as for a user, so cognate's types see whichever hono npm gives them:
// with hono pinned in cognate's `dependencies` that is a second, nested copy, and the app's
// `app.use(authorizer(...))` fails with TS2769 ('[GET_MATCH_RESULT]' is missing); as a peer
// dependency it is the app's own copy, and `c.get("principal")` is typed.
const ROOT = resolve(".");
const FIXTURE = join(ROOT, "test", "fixtures", "hono-app");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const version = (dir: string) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cognate-hono-app-"));
  cpSync(FIXTURE, dir, { recursive: true });
  const npm = (args: string[]) =>
    execFileSync("npm", args, {
      cwd: dir,
      encoding: "utf8",
      stdio: "pipe",
      env: { ...process.env, CI: "true" },
    });
  // dist/ is built by `npm test`'s pretest, as for every test that uses the package.
  const tarball = npm(["pack", ROOT, "--silent"]).trim().split("\n").pop() as string;
  npm([
    "install",
    `./${tarball}`,
    "--prefer-offline",
    "--ignore-scripts",
    "--no-audit",
    "--no-fund",
    "--no-save",
  ]);
}, 120_000);

describe("a new app with its own hono 4.x", () => {
  it("really has another hono than cognate's own pin", () => {
    const own = version(join(ROOT, "node_modules", "hono"));
    expect(version(join(dir, "node_modules", "hono"))).not.toBe(own);
  });

  it("gets no second copy of hono under cognate", () => {
    expect(existsSync(join(dir, "node_modules", "cognate", "node_modules", "hono"))).toBe(false);
  });

  it("resolves cognate's types against the app's own hono, and no other copy", () => {
    const files = execFileSync("node", [TSC, "-p", ".", "--listFiles"], { cwd: dir, encoding: "utf8" })
      .split("\n")
      .filter((file) => /[/\\]hono[/\\]/.test(file));
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((file) => !file.startsWith(join(dir, "node_modules", "hono")))).toEqual([]);
  });

  it("type-checks authorizer() as the README uses it, c.get('principal') typed", () => {
    let out = "";
    try {
      execFileSync("node", [TSC, "-p", "."], { cwd: dir, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      out = `${e.stdout ?? ""}${e.stderr ?? ""}`;
    }
    expect(out).toBe("");
  });
});
