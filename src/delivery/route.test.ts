import { describe, expect, it } from "vitest";
import { DeliveryError, type OutboundMessage, type Sender } from "./message.js";
import { routeByChannel } from "./route.js";

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

function recording(): Sender & { seen: OutboundMessage[] } {
  const seen: OutboundMessage[] = [];
  return { seen, send: async (message) => void seen.push(message) };
}

describe("routeByChannel", () => {
  it("hands each message to its channel's sender", async () => {
    const email = recording();
    const sms = recording();
    const sender = routeByChannel({ EMAIL: email, SMS: sms });
    await sender.send(EMAIL);
    await sender.send(SMS);
    expect(email.seen).toEqual([EMAIL]);
    expect(sms.seen).toEqual([SMS]);
  });

  it("fails with DeliveryError for a channel without a sender, naming the channel only", async () => {
    const email = recording();
    const sender = routeByChannel({ EMAIL: email });
    const error = await sender.send(SMS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toBe("no sender is configured for SMS messages");
    expect(email.seen).toEqual([]);
    await expect(routeByChannel({}).send(EMAIL)).rejects.toThrow(/EMAIL messages/);
  });

  it("passes a sender's failure through, and is not changed by later edits to the routes", async () => {
    const routes: { EMAIL?: Sender; SMS?: Sender } = {
      EMAIL: { send: () => Promise.reject(new DeliveryError("smtp down")) },
    };
    const sender = routeByChannel(routes);
    routes.SMS = recording();
    await expect(sender.send(EMAIL)).rejects.toThrow("smtp down");
    await expect(sender.send(SMS)).rejects.toThrow(DeliveryError);
  });
});
