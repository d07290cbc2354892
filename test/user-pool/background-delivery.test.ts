// With PreventUserExistenceErrors ENABLED, ForgotPassword and ResendConfirmationCode answer a real
// user without waiting for the message to be delivered, as they answer an unknown name: the time a
// delivery takes must not tell who exists. A LEGACY client still waits (and hears of failures).
// The webhook here holds each message until the test lets it go: no timing is measured.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { BACKGROUND } from "../../src/user-pool/triggers/background.js";
import { ADMIN } from "./auth-helpers.js";

const held: ServerResponse[] = [];
const hook = createServer((req, res) => {
  req.resume();
  req.on("end", () => void held.push(res));
});
let server: Awaited<ReturnType<typeof start>>;

beforeAll(async () => {
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: mkdtempSync(join(tmpdir(), "cognate-background-")),
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    COGNATE_SENDER_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
    COGNATE_SENDER_WEBHOOK_SECRET: "background-delivery-secret-0123456789",
  });
  vi.restoreAllMocks();
});
afterAll(async () => {
  for (const res of held.splice(0)) res.writeHead(204).end();
  await server?.close();
  await new Promise((resolve) => hook.close(resolve));
});

const settled = async (promise: Promise<unknown>, ticks = 50) => {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < ticks && !done; i++) await new Promise((r) => setTimeout(r, 10));
  return done;
};
const release = () => {
  for (const res of held.splice(0)) res.writeHead(204).end();
};

describe("deliveries behind PreventUserExistenceErrors", () => {
  it("are not awaited by a client that hides users, and are by a LEGACY one", async () => {
    const admin = new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: server.url,
      credentials: ADMIN,
      maxAttempts: 1,
    });
    const anyone = new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: server.url,
      credentials: { accessKeyId: "AKIAANYONE0000000001", secretAccessKey: "x" },
      maxAttempts: 1,
    });
    const { UserPool } = await admin.send(
      new CreateUserPoolCommand({ PoolName: "bg", AutoVerifiedAttributes: ["email"] }),
    );
    const poolId = UserPool!.Id!;
    const client = async (PreventUserExistenceErrors: "ENABLED" | "LEGACY") =>
      (
        await admin.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: PreventUserExistenceErrors,
            PreventUserExistenceErrors,
          }),
        )
      ).UserPoolClient!.ClientId!;
    const [hiding, legacy] = [await client("ENABLED"), await client("LEGACY")];
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "bea",
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: "bea@example.com" },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: "bea",
        Password: "Background-Pass-1",
        Permanent: true,
      }),
    );

    const hidden = anyone.send(new ForgotPasswordCommand({ ClientId: hiding, Username: "bea" }));
    expect(await settled(hidden)).toBe(true);
    expect((await hidden).CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "EMAIL" });
    // The message went out all the same, after the answer.
    for (let i = 0; i < 100 && held.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(held).toHaveLength(1);
    release();

    const open = anyone.send(new ForgotPasswordCommand({ ClientId: legacy, Username: "bea" }));
    expect(await settled(open)).toBe(false);
    release();
    expect((await open).CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "EMAIL" });

    // With the process's background work full (64 running, 1,000 waiting), the hidden delivery is
    // dropped and logged: the call answers as ever, and nothing piles up behind it.
    let unblock: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => {
      unblock = resolve;
    });
    const filler = Array.from({ length: 1064 }, () => BACKGROUND.run("a test's job", () => blocked));
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const dropped = anyone.send(new ForgotPasswordCommand({ ClientId: hiding, Username: "bea" }));
      expect(await settled(dropped)).toBe(true);
      expect((await dropped).CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "EMAIL" });
      expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([
        expect.stringMatching(
          /^cognate: a \S+ code delivery for pool \S+ dropped: 64 running and 1000 waiting/,
        ),
      ]);
      await new Promise((r) => setTimeout(r, 50));
      expect(held).toHaveLength(0);
    } finally {
      errors.mockRestore();
      unblock();
      await Promise.all(filler);
    }
  });
});
