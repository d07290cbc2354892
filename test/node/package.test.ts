import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// A consumer project that depends on cognate (linked as node_modules/cognate) and imports it by
// name: the package's "exports" and "imports" resolve to the built dist/, as after `npm install cognate`.
const ROOT = resolve(".");
let dir: string;

const CONSUMER = `
import { Hono } from "hono";
import { authorizer } from "cognate";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

const { privateKey, publicKey } = await generateKeyPair("RS256");
const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" };
const pool = "us-east-1_Consumer1";
const app = new Hono();
app.use("/api/*", authorizer({
  issuers: [{ type: "cognito", userPoolId: pool, clientId: "c1", tokenUse: "access" }],
  fetch: async () => Response.json({ keys: [jwk] }),
}));
app.get("/api/me", (c) => c.json(c.var.principal));
const token = await new SignJWT({ sub: "s-1", token_use: "access", client_id: "c1", username: "carol" })
  .setProtectedHeader({ alg: "RS256", kid: "k1" })
  .setIssuer("https://cognito-idp.us-east-1.amazonaws.com/" + pool)
  .setIssuedAt().setExpirationTime("5m").sign(privateKey);
const ok = await app.request("/api/me", { headers: { authorization: "Bearer " + token } });
const none = await app.request("/api/me");
console.log(JSON.stringify({ ok: ok.status, username: (await ok.json()).username, none: none.status, resolved: import.meta.resolve("cognate") }));
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cognate-consumer-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(ROOT, join(dir, "node_modules", "cognate"));
  for (const dep of ["hono", "jose"])
    symlinkSync(join(ROOT, "node_modules", dep), join(dir, "node_modules", dep));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", type: "module", private: true }),
  );
  writeFileSync(join(dir, "consumer.mjs"), CONSUMER);
});

function run(args: string[]) {
  return JSON.parse(execFileSync("node", [...args, "consumer.mjs"], { cwd: dir, encoding: "utf8" }));
}

describe('import { authorizer } from "cognate"', () => {
  it("works for a Node consumer, from dist/", () => {
    const out = run([]);
    expect(out).toEqual({
      ok: 200,
      username: "carol",
      none: 401,
      resolved: expect.stringMatching(/\/dist\/index\.js$/),
    });
  });

  it("works under the workerd condition too (the WebCrypto port, as a Workers bundler picks it)", () => {
    expect(run(["--conditions=workerd"])).toMatchObject({ ok: 200, username: "carol", none: 401 });
  });

  it("bundles into a consumer's Worker with the WebCrypto port and no node:crypto", () => {
    writeFileSync(
      join(dir, "worker.mjs"),
      [
        'import { Hono } from "hono";',
        'import { authorizer } from "cognate";',
        "const app = new Hono();",
        'app.use("/api/*", authorizer({ issuers: [{ type: "cognito", userPoolId: "us-east-1_Consumer1", clientId: null, tokenUse: "access" }] }));',
        'app.get("/api/me", (c) => c.json(c.var.principal));',
        "export default app;",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "wrangler.toml"),
      'name = "consumer"\nmain = "worker.mjs"\ncompatibility_date = "2026-04-01"\n',
    );
    execFileSync(join(ROOT, "node_modules", ".bin", "wrangler"), ["deploy", "--dry-run", "--outdir", "out"], {
      cwd: dir,
      env: {
        ...process.env,
        CI: "true",
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_HIDE_BANNER: "true",
      },
      stdio: "pipe",
    });
    const bundle = readFileSync(join(dir, "out", "worker.js"), "utf8");
    expect(bundle).toContain("crypto.subtle.verify");
    expect(bundle).not.toContain("node:crypto");
    // The Worker's custom-sender encrypter (the Encryption SDK) stays out of an authorizer's bundle.
    expect(bundle).not.toContain("RawAesKeyring");
    expect(bundle).not.toContain("aws-crypto");
  }, 60_000);
});

describe('import { evaluate, parsePolicy } from "cognate/policy", and loadPolicyFiles from "cognate/node"', () => {
  it("evaluates a policy read from a policies directory, from dist/", () => {
    writeFileSync(
      join(dir, "policy.mjs"),
      [
        'import { evaluate, explain, parsePolicy, PolicyError } from "cognate/policy";',
        'import { loadPolicyFiles } from "cognate/node";',
        `const files = loadPolicyFiles(${JSON.stringify(join(ROOT, "policies"))});`,
        'const arn = "arn:aws:execute-api:us-east-1:1:api/prod/GET/x";',
        'const result = evaluate([files["read-only"]], { action: "execute-api:Invoke", resource: arn });',
        'let error = "";',
        'try { parsePolicy({ Statement: [] }, "bad.json"); } catch (e) { error = e instanceof PolicyError ? e.message : "other"; }',
        'console.log(JSON.stringify({ decision: result.decision, why: explain(result)[0], error, resolved: import.meta.resolve("cognate/policy") }));',
      ].join("\n"),
    );
    const out = JSON.parse(execFileSync("node", ["policy.mjs"], { cwd: dir, encoding: "utf8" }));
    expect(out).toEqual({
      decision: "Allow",
      why: expect.stringMatching(
        /^Allow: .*policies\/read-only\.json Statement\[0\] \(Sid "ReadAnything"\) allows$/,
      ),
      error: expect.stringMatching(/^bad\.json: Statement: /),
      resolved: expect.stringMatching(/\/dist\/policy\/index\.js$/),
    });
  });
});
