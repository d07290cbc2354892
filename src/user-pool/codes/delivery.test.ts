import { describe, expect, it } from "vitest";
import type { OutboundMessage } from "../../delivery/message.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { sendInvitation } from "./delivery.js";

function context(sent: OutboundMessage[]) {
  return {
    now: () => Date.UTC(2026, 11, 5),
    sender: { send: async (message: OutboundMessage) => void sent.push(message) },
  } as unknown as UserPoolContext;
}

const pool = (template?: Record<string, unknown>) =>
  ({
    id: "us-east-1_Pool1",
    config: template === undefined ? {} : { AdminCreateUserConfig: { InviteMessageTemplate: template } },
  }) as unknown as PoolRecord;
const user = {
  username: "alice",
  sub: "sub-1",
  attributes: { email: "a@example.com" },
} as unknown as UserRecord;

describe("sendInvitation", () => {
  // A temporary password may hold `$`: String.replace's patterns ($$, $&, $`, $') must not apply.
  it("writes a temporary password with `$` patterns into the message as it is", async () => {
    const temporary = "Ab1$$x$&y$`z$'";
    const sent: OutboundMessage[] = [];
    await sendInvitation(context(sent), pool(), user, temporary, ["EMAIL"]);
    expect(sent[0]!.body).toBe(`Your username is alice and temporary password is ${temporary}.`);
    expect(sent[0]!.code).toBe(temporary);
  });

  it("writes a username with `$` patterns into the pool's own template as it is", async () => {
    const sent: OutboundMessage[] = [];
    const named = { ...user, username: "a$&b" } as UserRecord;
    await sendInvitation(context(sent), pool({ EmailMessage: "{username} / {####}" }), named, "P$'w", [
      "EMAIL",
    ]);
    expect(sent[0]!.body).toBe("a$&b / P$'w");
  });
});
