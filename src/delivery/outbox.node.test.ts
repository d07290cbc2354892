import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { outboxSender } from "./outbox.node.js";

describe("outboxSender", () => {
  it("appends one JSON line per message, 0600, never interleaving concurrent sends", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cognate-outbox-"));
    const sender = outboxSender(dir);
    const messages = Array.from({ length: 50 }, (_, i) => ({
      at: new Date(i).toISOString(),
      channel: "EMAIL" as const,
      to: `u${i}@example.com`,
      userPoolId: "us-east-1_P1",
      username: `u${i}`,
      subject: "Your code",
      body: "x".repeat(5000) + i,
      code: String(100000 + i),
    }));
    await Promise.all(messages.map((m) => sender.send(m)));
    const lines = readFileSync(sender.file, "utf8").trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual(messages);
    expect(statSync(sender.file).mode & 0o777).toBe(0o600);
  });
});
