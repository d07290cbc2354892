import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { DeliveryError, type OutboundMessage } from "./message.js";
import { MESSAGE_ID_HEADER, SIGNATURE_HEADER, webhookSender, webhookSignature } from "./webhook.js";

const SECRET = "s".repeat(40);
const MESSAGE: OutboundMessage = {
  at: "2026-11-26T12:00:00.000Z",
  channel: "SMS",
  to: "+15555550100",
  userPoolId: "us-east-1_P1",
  username: "alice",
  body: "Your code is 123456",
  code: "123456",
};
const servers: ServerType[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function receiver(status: number, delayMs = 0) {
  const seen: { body: string; signature: string | undefined; id: string | undefined }[] = [];
  const app = new Hono();
  app.post("/hook", async (c) => {
    seen.push({
      body: await c.req.text(),
      signature: c.req.header(SIGNATURE_HEADER),
      id: c.req.header(MESSAGE_ID_HEADER),
    });
    await new Promise((r) => setTimeout(r, delayMs));
    return c.body(null, status as 200);
  });
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  servers.push(server);
  await new Promise((r) => server.once("listening", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, seen };
}

describe("webhookSender", () => {
  it("POSTs the message as JSON with an HMAC signature the receiver can check", async () => {
    const hook = await receiver(204);
    await webhookSender({ url: hook.url, secret: SECRET, now: () => 1_795_694_400_000 }).send(MESSAGE);
    expect(hook.seen).toHaveLength(1);
    const { id, ...message } = JSON.parse(hook.seen[0]!.body);
    expect(message).toEqual(MESSAGE);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(hook.seen[0]!.id).toBe(id);
    expect(hook.seen[0]!.signature).toBe(await webhookSignature(SECRET, 1_795_694_400, hook.seen[0]!.body));
    expect(hook.seen[0]!.signature).toMatch(/^t=1795694400,v1=[0-9a-f]{64}$/);
    expect(await webhookSignature("another".repeat(6), 1_795_694_400, hook.seen[0]!.body)).not.toBe(
      hook.seen[0]!.signature,
    );
  });

  it("gives every message its own signed id, so a receiver can refuse a replay inside the time window", async () => {
    const hook = await receiver(204);
    const sender = webhookSender({ url: hook.url, secret: SECRET, now: () => 1_795_694_400_000 });
    await sender.send(MESSAGE);
    await sender.send(MESSAGE);
    const [first, second] = hook.seen.map((s) => JSON.parse(s.body).id as string);
    expect(first).not.toBe(second);
    // The id is inside the signed body: changing it breaks the signature.
    const forged = hook.seen[0]!.body.replace(first!, second!);
    expect(await webhookSignature(SECRET, 1_795_694_400, forged)).not.toBe(hook.seen[0]!.signature);
  });

  it("fails with DeliveryError on a non-2xx answer, a dead endpoint or a timeout, without the message in the error", async () => {
    const refusing = await receiver(500);
    const error = await webhookSender({ url: refusing.url, secret: SECRET })
      .send(MESSAGE)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(String((error as Error).message)).toMatch(/answered HTTP 500/);
    expect(String((error as Error).message)).not.toContain("123456");
    await expect(
      webhookSender({ url: "http://127.0.0.1:1/hook", secret: SECRET }).send(MESSAGE),
    ).rejects.toThrow(/unreachable/);
    const slow = await receiver(200, 2000);
    await expect(
      webhookSender({ url: slow.url, secret: SECRET, timeoutMs: 100 }).send(MESSAGE),
    ).rejects.toThrow(DeliveryError);
  });

  it("refuses plain http off loopback and short secrets", () => {
    expect(() => webhookSender({ url: "http://hooks.example.com/x", secret: SECRET })).toThrow(/https/);
    expect(() => webhookSender({ url: "https://hooks.example.com/x", secret: "short" })).toThrow(
      /32 characters/,
    );
  });
});
