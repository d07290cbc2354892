// The real Node server (`start()` of src/entry/node.ts) with a COGNATE_CONFIG naming a module
// trigger by a path relative to the configuration file: the start-up lines count the triggers
// (and show no secret), a sign-up's CustomMessage runs in a worker thread, and `close()` stops
// the worker threads (the module's heartbeat, posted on a BroadcastChannel from its thread, stops).
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { generateMasterKey } from "../../src/runtime/master-key.js";
import { outboxIn } from "../helpers/outbox.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATENODETRIG1",
  secretAccessKey: "node/triggers+secret0123456789abcdefghij",
};
const HTTP_SECRET = "http-trigger-secret-never-printed-0123456789";
const ARN = "arn:aws:lambda:us-east-1:123456789012:function:custom-message";

// The module: AWS's custom message example, plus a heartbeat from the thread it is loaded in.
const MODULE = (channel: string) => `
const heartbeat = new BroadcastChannel(${JSON.stringify(channel)});
setInterval(() => heartbeat.postMessage("alive"), 20);
export const handler = async (event) => {
  if (event.triggerSource === "CustomMessage_SignUp") {
    event.response.emailSubject = "Welcome to the service";
    event.response.emailMessage =
      "Thank you for signing up. " + event.request.codeParameter + " is your verification code.";
  }
  return event;
};
`;

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

describe("the Node server with a module trigger", () => {
  it("resolves the module against the config file's directory, runs it in a thread, and stops the threads on close()", async () => {
    const root = mkdtempSync(join(tmpdir(), "cognate-node-triggers-"));
    const configDir = join(root, "config");
    mkdirSync(join(configDir, "triggers"), { recursive: true });
    const channelName = `cognate-node-triggers-${crypto.randomUUID()}`;
    writeFileSync(join(configDir, "triggers", "custom-message.mjs"), MODULE(channelName));
    writeFileSync(
      join(configDir, "cognate.json"),
      JSON.stringify({
        triggers: {
          functions: {
            // Relative: the test's cwd is the repository, so only the config's directory finds it.
            [ARN]: { module: "./triggers/custom-message.mjs" },
            unused: { url: "https://hooks.example.com/unused", secret: HTTP_SECRET },
          },
        },
      }),
    );
    const dataDir = join(root, "data");
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    let printed = "";
    const server = await start({
      PORT: "0",
      COGNATE_DATA_DIR: dataDir,
      COGNATE_MASTER_KEY: generateMasterKey(),
      COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
      COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
      COGNATE_CONFIG: join(configDir, "cognate.json"),
    }).finally(() => {
      printed = log.mock.calls.map((call) => call.join(" ")).join("\n");
      log.mockRestore();
    });
    let open = true;
    stops.push(async () => {
      if (open) await server.close();
    });

    expect(printed).toMatch(/^ {2}triggers {4}1 module, 1 HTTP \(5000 ms each\)$/m);
    expect(printed).not.toContain(HTTP_SECRET);
    expect(printed).not.toContain("hooks.example.com");
    expect(printed).not.toContain(ADMIN.secretAccessKey);

    const sdk = new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: server.url,
      credentials: ADMIN,
      maxAttempts: 1,
    });
    const { UserPool } = await sdk.send(
      new CreateUserPoolCommand({
        PoolName: "node-triggers",
        AutoVerifiedAttributes: ["email"],
        LambdaConfig: { CustomMessage: ARN },
      }),
    );
    const { UserPoolClient } = await sdk.send(
      new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: "app" }),
    );

    const heard: string[] = [];
    const channel = new BroadcastChannel(channelName);
    channel.onmessage = (message) => heard.push(String((message as MessageEvent).data));
    try {
      await sdk.send(
        new SignUpCommand({
          ClientId: UserPoolClient!.ClientId!,
          Username: "nadia",
          Password: "Correct-Horse-9-battery",
          UserAttributes: [{ Name: "email", Value: "nadia@example.com" }],
        }),
      );
      const [message] = outboxIn(dataDir).filter((m) => m.to === "nadia@example.com");
      expect(message?.subject).toBe("Welcome to the service");
      expect(message?.body).toMatch(/^Thank you for signing up\. \d{6} is your verification code\.$/);

      // The module's thread is alive until close().
      await new Promise((ok) => setTimeout(ok, 150));
      expect(heard.length).toBeGreaterThan(0);
      await server.close();
      open = false;
      await new Promise((ok) => setTimeout(ok, 100));
      heard.length = 0;
      await new Promise((ok) => setTimeout(ok, 300));
      expect(heard).toEqual([]);
    } finally {
      channel.close();
      sdk.destroy();
    }
  });
});
