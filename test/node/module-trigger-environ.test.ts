// What the module mode's environment filter does NOT do, shown on the built server (`node
// dist/entry/node.js`, started with cognate's settings in its environment): a module handler's
// `process.env` has no COGNATE_* variable, but the handler runs in the server's process, so on
// Linux /proc/self/environ still gives it the environment the server was started with (the master
// key included), and through it the configuration file. Module handlers are trusted code; the
// docs say so (docs/security.md, docs/triggers.md), and this test keeps the limit on record.
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateMasterKey } from "../../src/runtime/master-key.js";
import { outboxIn } from "../helpers/outbox.js";
import { type Running, startProcess } from "../helpers/process.js";

// `npm test` builds first.
const ENTRY = "dist/entry/node.js";
const ADMIN = {
  accessKeyId: "AKIACOGNATEENVIRON01",
  secretAccessKey: "node/environ+secret0123456789abcdefghijk",
};
const HTTP_SECRET = "http-trigger-secret-in-the-config-file-0123";
const ARN = "arn:aws:lambda:us-east-1:123456789012:function:environ";

// Reports names and yes/no only (never a value) in the verification message it writes.
const MODULE = `
import { readFileSync } from "node:fs";
export const handler = async (event) => {
  const started = Object.fromEntries(
    readFileSync("/proc/self/environ", "utf8").split("\\0").filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
  const report = {
    processEnv: Object.keys(process.env).filter((name) => name.startsWith("COGNATE_")),
    procEnviron: Object.keys(started).filter((name) => name.startsWith("COGNATE_")).sort(),
    configSecret: readFileSync(started.COGNATE_CONFIG, "utf8").includes(${JSON.stringify(HTTP_SECRET)}),
  };
  event.response.emailSubject = "environ";
  event.response.emailMessage = JSON.stringify(report) + " " + event.request.codeParameter;
  return event;
};
`;

const running: Running[] = [];
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
});

describe("a module handler and the server's environment", () => {
  it.skipIf(!existsSync("/proc/self/environ"))(
    "has no COGNATE_* in process.env, yet reads them (and the config file) through /proc/self/environ",
    async () => {
      const root = mkdtempSync(join(tmpdir(), "cognate-environ-"));
      mkdirSync(join(root, "triggers"));
      writeFileSync(join(root, "triggers", "environ.mjs"), MODULE);
      writeFileSync(
        join(root, "cognate.json"),
        JSON.stringify({
          triggers: {
            functions: {
              [ARN]: { module: "./triggers/environ.mjs" },
              unused: { url: "https://hooks.example.com/unused", secret: HTTP_SECRET },
            },
          },
        }),
      );
      const dataDir = join(root, "data");
      const server = await startProcess("node", [ENTRY], {
        env: {
          PORT: "0",
          COGNATE_DATA_DIR: dataDir,
          COGNATE_MASTER_KEY: generateMasterKey(),
          COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
          COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
          COGNATE_CONFIG: join(root, "cognate.json"),
        },
        ready: /listening on (http:\/\/\S+)/,
      });
      running.push(server);
      const sdk = new CognitoIdentityProviderClient({
        region: "us-east-1",
        endpoint: server.match![1]!,
        credentials: ADMIN,
        maxAttempts: 1,
      });
      try {
        const { UserPool } = await sdk.send(
          new CreateUserPoolCommand({
            PoolName: "environ",
            AutoVerifiedAttributes: ["email"],
            LambdaConfig: { CustomMessage: ARN },
          }),
        );
        const { UserPoolClient } = await sdk.send(
          new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: "app" }),
        );
        await sdk.send(
          new SignUpCommand({
            ClientId: UserPoolClient!.ClientId!,
            Username: "erin",
            Password: "Correct-Horse-9-battery",
            UserAttributes: [{ Name: "email", Value: "erin@example.com" }],
          }),
        );
        const [message] = outboxIn(dataDir).filter((m) => m.to === "erin@example.com");
        expect(message?.subject).toBe("environ");
        const report = JSON.parse(message!.body.slice(0, message!.body.lastIndexOf(" ")));
        // The filter: the handler's own environment has none of cognate's settings.
        expect(report.processEnv).toEqual([]);
        // Its limit: the process's environment as started, and the files it names, are readable.
        expect(report.procEnviron).toEqual(
          expect.arrayContaining([
            "COGNATE_ADMIN_SECRET_ACCESS_KEY",
            "COGNATE_CONFIG",
            "COGNATE_DATA_DIR",
            "COGNATE_MASTER_KEY",
          ]),
        );
        expect(report.configSecret).toBe(true);
      } finally {
        sdk.destroy();
      }
    },
  );
});
