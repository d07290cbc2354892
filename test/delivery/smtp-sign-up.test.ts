// End to end: the real Node entry with COGNATE_SMTP_URL pointing at a real SMTP server on
// loopback, driven by the AWS SDK v3 Cognito client. The code that confirms the user is the one
// the SMTP server received.
import {
  AdminGetUserCommand,
  CodeDeliveryFailureException,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ConfigError } from "../../src/config.js";
import { start } from "../../src/entry/node.js";
import { loopbackSmtp, type LoopbackSmtp } from "./smtp-server.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATESMTP00001",
  secretAccessKey: "smtp/test+secret0123456789abcdefghijklmn",
};
const SMTP_PASSWORD = "relay-pass:with@symbols";

describe("sign-up with the code sent over SMTP", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-smtp-"));
  let smtp: LoopbackSmtp;
  let server: Awaited<ReturnType<typeof start>>;
  let banner = "";

  beforeAll(async () => {
    smtp = await loopbackSmtp({ users: { relay: SMTP_PASSWORD }, refuse: ["bounce@example.com"] });
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    server = await start({
      PORT: "0",
      COGNATE_DATA_DIR: dataDir,
      COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
      COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
      COGNATE_SMTP_URL: smtp.url(`relay:${encodeURIComponent(SMTP_PASSWORD)}`),
      COGNATE_SMTP_FROM: "Cognate <no-reply@cognate.test>",
    });
    banner = log.mock.calls.flat().join("\n");
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  const admin = () =>
    new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: server.url,
      credentials: ADMIN,
      maxAttempts: 1,
    });
  const anyone = () =>
    new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: server.url,
      credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" },
      maxAttempts: 1,
    });

  async function pool(verified: "email" | "phone_number") {
    const { UserPool } = await admin().send(
      new CreateUserPoolCommand({ PoolName: "smtp", AutoVerifiedAttributes: [verified] }),
    );
    const { UserPoolClient } = await admin().send(
      new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: "app" }),
    );
    return { poolId: UserPool!.Id!, clientId: UserPoolClient!.ClientId! };
  }

  it("refuses to start on a bad COGNATE_SMTP_URL, naming the variable and not the password", async () => {
    const failed = await start({
      PORT: "0",
      COGNATE_DATA_DIR: mkdtempSync(join(tmpdir(), "cognate-smtp-bad-")),
      COGNATE_SMTP_URL: "smtp://relay:hunter2@mail.example.com?starttls=optional",
      COGNATE_SMTP_FROM: "no-reply@cognate.test",
    }).then(
      (running) => running.close().then(() => new Error("started")),
      (error: unknown) => error as Error,
    );
    expect(failed).toBeInstanceOf(ConfigError);
    expect(failed.message).toMatch(
      /^environment: COGNATE_SMTP_URL: starttls=optional would send the password unencrypted/,
    );
    expect(failed.message).not.toContain("hunter2");
  });

  it("names the SMTP server in the banner, without the password", () => {
    expect(banner).toMatch(
      new RegExp(
        `messages +EMAIL smtp://127\\.0\\.0\\.1:${smtp.port} \\(STARTTLS optional, AUTH\\), SMS outbox `,
      ),
    );
    expect(banner).not.toContain("relay-pass");
  });

  it("mails the code, and ConfirmSignUp with the mailed code confirms the user", async () => {
    const { poolId, clientId } = await pool("email");
    const out = await anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "nina",
        Password: "Smtp-Pass-1234",
        UserAttributes: [{ Name: "email", Value: "nina@example.com" }],
      }),
    );
    expect(out.CodeDeliveryDetails).toEqual({
      Destination: "n****@e****",
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    });

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.user).toBe("relay");
    expect(mail.envelopeTo).toEqual(["nina@example.com"]);
    expect(mail.mail.from?.text).toBe('"Cognate" <no-reply@cognate.test>');
    expect(mail.mail.subject).toBeTruthy();
    const code = /\b(\d{6})\b/.exec(mail.mail.text ?? "")?.[1];
    expect(code).toMatch(/^\d{6}$/);
    // The email went by SMTP only, not also to the development outbox.
    expect(existsSync(join(dataDir, "outbox.jsonl"))).toBe(false);

    await anyone().send(
      new ConfirmSignUpCommand({ ClientId: clientId, Username: "nina", ConfirmationCode: code! }),
    );
    const user = await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "nina" }));
    expect(user.UserStatus).toBe("CONFIRMED");
  });

  it("sends SMS codes to the development outbox, not to SMTP", async () => {
    const { clientId } = await pool("phone_number");
    const before = smtp.received.length;
    await anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: "omar",
        Password: "Smtp-Pass-1234",
        UserAttributes: [{ Name: "phone_number", Value: "+15555550123" }],
      }),
    );
    expect(smtp.received).toHaveLength(before);
    const lines = readFileSync(join(dataDir, "outbox.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { channel: string; to: string });
    expect(lines).toMatchObject([{ channel: "SMS", to: "+15555550123" }]);
  });

  it("answers CodeDeliveryFailureException when the SMTP server refuses the recipient", async () => {
    const { clientId } = await pool("email");
    const before = smtp.received.length;
    const error = await anyone()
      .send(
        new SignUpCommand({
          ClientId: clientId,
          Username: "pat",
          Password: "Smtp-Pass-1234",
          UserAttributes: [{ Name: "email", Value: "bounce@example.com" }],
        }),
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(CodeDeliveryFailureException);
    expect((error as Error).message).not.toMatch(/relay|127\.0\.0\.1|550/);
    expect(smtp.received).toHaveLength(before);
  });
});
