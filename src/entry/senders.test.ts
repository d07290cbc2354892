import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../config.js";
import { DeliveryError, type OutboundMessage } from "../delivery/message.js";
import { nodeSenders } from "./senders.js";

const EMAIL: OutboundMessage = {
  at: "2026-11-26T12:00:00.000Z",
  channel: "EMAIL",
  to: "alice@example.com",
  userPoolId: "us-east-1_P1",
  username: "alice",
  subject: "Code",
  body: "Your code is 123456",
  code: "123456",
};
const SMS: OutboundMessage = { ...EMAIL, channel: "SMS", to: "+15555550100", subject: undefined };
const HOOK = {
  COGNATE_SENDER_WEBHOOK_URL: "https://hooks.example.com/cognate",
  COGNATE_SENDER_WEBHOOK_SECRET: "s".repeat(40),
};
const SMTP = {
  COGNATE_SMTP_URL: "smtp://mailer:hunter2@smtp.example.com",
  COGNATE_SMTP_FROM: "no-reply@example.com",
};

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    nodeSenders(env, mkdtempSync(join(tmpdir(), "cognate-senders-")), false);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("no ConfigError");
}

describe("nodeSenders", () => {
  it("uses the outbox for both channels in development when nothing is configured", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cognate-senders-"));
    const { sender, description } = nodeSenders({}, dir, false);
    expect(description).toBe(`outbox ${join(dir, "outbox.jsonl")}`);
    await sender.send(EMAIL);
    await sender.send(SMS);
    expect(
      readFileSync(join(dir, "outbox.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).channel),
    ).toEqual(["EMAIL", "SMS"]);
  });

  it("in production fails deliveries on channels without a real sender instead of writing an outbox", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cognate-senders-"));
    const none = nodeSenders({}, dir, true);
    expect(none.description).toBe("none (deliveries fail)");
    await expect(none.sender.send(EMAIL)).rejects.toThrow(DeliveryError);
    await expect(none.sender.send(SMS)).rejects.toThrow(/no sender is configured for SMS/);

    const mailOnly = nodeSenders(SMTP, dir, true);
    expect(mailOnly.description).toBe(
      "EMAIL smtp://smtp.example.com:587 (STARTTLS required, AUTH), SMS none (deliveries fail)",
    );
    await expect(mailOnly.sender.send(SMS)).rejects.toThrow(DeliveryError);
    expect(existsSync(join(dir, "outbox.jsonl"))).toBe(false);
  });

  it("routes EMAIL to SMTP and SMS to the webhook when both are set", () => {
    expect(nodeSenders({ ...SMTP, ...HOOK }, "/nonexistent", true).description).toBe(
      "EMAIL smtp://smtp.example.com:587 (STARTTLS required, AUTH), SMS webhook https://hooks.example.com/cognate",
    );
    expect(nodeSenders(HOOK, "/nonexistent", true).description).toBe(
      "webhook https://hooks.example.com/cognate",
    );
  });

  it("stops the start on a bad SMTP setting, naming the variable and never the password", () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [
        { COGNATE_SMTP_URL: "smtp://mailer:hunter2@smtp.example.com" },
        /^environment: COGNATE_SMTP_FROM: is required with COGNATE_SMTP_URL$/,
      ],
      [
        { COGNATE_SMTP_FROM: "no-reply@example.com" },
        /^environment: COGNATE_SMTP_FROM: is set but COGNATE_SMTP_URL is not$/,
      ],
      [
        { ...SMTP, COGNATE_SMTP_URL: "smtp://mailer:hunter2@smtp.example.com?starttls=never" },
        /^environment: COGNATE_SMTP_URL: starttls=never would send the password unencrypted/,
      ],
      [
        { ...SMTP, COGNATE_SMTP_URL: "https://mailer:hunter2@smtp.example.com" },
        /^environment: COGNATE_SMTP_URL: must start with smtp:\/\//,
      ],
      [
        { ...SMTP, COGNATE_SMTP_FROM: "a@example.com, b@example.com" },
        /^environment: COGNATE_SMTP_FROM: must be one address/,
      ],
      [
        { ...HOOK, COGNATE_SENDER_WEBHOOK_SECRET: "short" },
        /^environment: COGNATE_SENDER_WEBHOOK_URL: the webhook secret must be at least 32/,
      ],
    ];
    for (const [env, message] of cases) {
      const error = configError(env);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain("hunter2");
    }
  });
});
