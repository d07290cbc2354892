import { describe, expect, it } from "vitest";
import { guardHeaders, headerText } from "./header-guard.js";
import { DeliveryError, type OutboundMessage } from "./message.js";

const MESSAGE: OutboundMessage = {
  at: "2026-12-05T00:00:00.000Z",
  channel: "EMAIL",
  to: "ann@example.com",
  userPoolId: "us-east-1_P1",
  username: "ann",
  subject: "Your code",
  body: "Your code is 123456\r\nThanks",
};

describe("guardHeaders", () => {
  it("refuses a recipient, subject or reply-to with a control character before anything is sent", async () => {
    const sent: OutboundMessage[] = [];
    const sender = guardHeaders({ send: async (m) => void sent.push(m) });
    for (const bad of [
      { to: "a@x.example\r\nBcc: b@evil.example" },
      { subject: "Hi\nBcc: b@evil.example" },
      { replyTo: "r@x.example\r" },
      { to: "a@x.example\u0000" },
    ]) {
      await expect(sender.send({ ...MESSAGE, ...bad })).rejects.toBeInstanceOf(DeliveryError);
    }
    expect(sent).toEqual([]);
    // Bodies may have lines.
    await sender.send(MESSAGE);
    expect(sent).toEqual([MESSAGE]);
  });

  it("makes request text fit for a header", () => {
    expect(headerText("Mozilla\r\nBcc: x@evil.example\t\u007f")).toBe("Mozilla  Bcc: x@evil.example  ");
  });
});
