import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

// The Encryption SDK's browser client (the Worker's custom-sender encrypter) beside client-node:
// npm nests a copy of these shared packages under each browser package, and the SDK checks
// `instanceof` across them ("Unsupported instance of encryptedDataKey"). The Worker's bundle, which
// has no client-node, takes one copy of each, as wrangler.toml's [alias] does for wrangler.
const ENCRYPTION_SDK_BROWSER = Object.fromEntries(
  Object.entries({
    "material-management": "material-management-browser",
    serialize: "material-management-browser",
    "raw-keyring": "raw-aes-keyring-browser",
    "cache-material": "caching-materials-manager-browser",
    "kms-keyring": "kms-keyring-browser",
  }).map(([name, under]) => [
    `@aws-crypto/${name}`,
    fileURLToPath(
      new URL(`./node_modules/@aws-crypto/${under}/node_modules/@aws-crypto/${name}`, import.meta.url),
    ),
  ]),
);

export default defineConfig({
  test: {
    // One file per core at a time. Vitest's default is one fewer than the cores: one on the 2-core
    // CI machine, which then ran every file after the other while most of them wait on servers
    // (wrangler dev, Node, the trigger and IdP stand-ins) with a core idle.
    maxWorkers: availableParallelism(),
    projects: [
      {
        resolve: { alias: { "#crypto": src("runtime/crypto.node.ts") } },
        test: {
          name: "node",
          environment: "node",
          include: [
            "src/**/*.test.ts",
            "scripts/**/*.test.mjs",
            "test/authorizer/**/*.test.ts",
            "test/delivery/**/*.test.ts",
            "test/docs/**/*.test.ts",
            "test/gateway/**/*.test.ts",
            "test/node/**/*.test.ts",
            "test/policy/**/*.test.ts",
            "test/protocol/**/*.test.ts",
            "test/sigv4/**/*.test.ts",
            "test/srp/**/*.test.ts",
            "test/storage/**/*.test.ts",
            "test/user-pool/**/*.test.ts",
            "test/oauth/**/*.test.ts",
            "test/federation/**/*.test.ts",
            "test/triggers/**/*.test.ts",
            "test/identity-pool/**/*.test.ts",
          ],
          // The Chromium suites have a project of their own.
          exclude: [...configDefaults.exclude, "test/oauth/browser/**", "test/federation/browser/**"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
          env: {
            // The AWS SDK's once-per-process "NodeVersionSupportWarning ... upgrade to node >=22"
            // (package.json's engines accept node 20.19): @aws-sdk/core's
            // emitWarningIfUnsupportedVersion honours this variable. Servers the tests spawn inherit it.
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
          },
        },
      },
      {
        // The hosted UI end to end in Debian's Chromium (playwright-core): one browser per file, the
        // real Node server. After the other projects (groupOrder), one file at a time: a 2-core
        // machine runs Chromium, cognate and the relying party of a file together.
        resolve: { alias: { "#crypto": src("runtime/crypto.node.ts") } },
        test: {
          name: "browser",
          environment: "node",
          include: ["test/oauth/browser/**/*.test.ts", "test/federation/browser/**/*.test.ts"],
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
        },
      },
      {
        // SRP against amazon-cognito-identity-js again in Node, on the Workers' port: the portable
        // BigInt modPow and WebCrypto of crypto.web.ts (ACIJS itself needs Node's modules).
        resolve: { alias: { "#crypto": src("runtime/crypto.web.ts") } },
        test: {
          name: "node-portable",
          environment: "node",
          include: ["test/srp/**/*.test.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The same authorizer suites again, inside workerd, on the WebCrypto port.
        plugins: [
          cloudflareTest({ main: "./src/entry/worker.ts", wrangler: { configPath: "./wrangler.toml" } }),
        ],
        resolve: { alias: { "#crypto": src("runtime/crypto.web.ts"), ...ENCRYPTION_SDK_BROWSER } },
        test: {
          name: "workers",
          include: [
            "test/authorizer/**/*.test.ts",
            "test/workers/**/*.test.ts",
            "src/user-pool/srp/**/*.test.ts",
            "src/runtime/modpow.web.test.ts",
            // The iam core (roles, sealed session tokens, decisions) on workerd's Web Crypto too.
            "src/iam/**/*.test.ts",
          ],
          exclude: ["src/iam/**/*.node.test.ts"],
          // A real upstream on 127.0.0.1 for the gateway suite, which workerd reaches over loopback.
          globalSetup: ["./test/workers/upstream.setup.ts", "./test/workers/saml-idp.setup.ts"],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
