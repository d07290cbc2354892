// The SMTP sender against a real SMTP server (smtp-server) on 127.0.0.1.
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { DeliveryError, type OutboundMessage } from "../../src/delivery/message.js";
import { smtpSender } from "../../src/delivery/smtp.node.js";
import { loopbackCertificate, loopbackSmtp, type LoopbackSmtp } from "./smtp-server.js";

const MESSAGE: OutboundMessage = {
  at: "2026-11-26T12:00:00.000Z",
  channel: "EMAIL",
  to: "alice@example.com",
  userPoolId: "us-east-1_P1",
  username: "alice",
  subject: "Your verification code",
  body: "Your confirmation code is 314159",
  code: "314159",
};
const FROM = "Cognate, Dev <no-reply@cognate.test>";
const PASSWORD = "correct horse:battery@staple";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function server(options: Parameters<typeof loopbackSmtp>[0] = {}): Promise<LoopbackSmtp> {
  const smtp = await loopbackSmtp(options);
  open.push(smtp);
  return smtp;
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  const text = `${(error as Error).message} ${String((error as Error).cause ?? "")}`;
  for (const secret of ["314159", "confirmation code", PASSWORD, encodeURIComponent(PASSWORD)])
    expect(text).not.toContain(secret);
  return error as DeliveryError;
}

const userinfo = (user: string, password: string) =>
  `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;

describe("smtpSender", () => {
  it("delivers the message with the From, To, Subject, body and code", async () => {
    const smtp = await server();
    await smtpSender({ url: smtp.url(), from: FROM }).send(MESSAGE);
    expect(smtp.received).toHaveLength(1);
    const [got] = smtp.received;
    expect(got!.envelopeFrom).toBe("no-reply@cognate.test");
    expect(got!.envelopeTo).toEqual(["alice@example.com"]);
    expect(got!.mail.from?.value).toEqual([{ name: "Cognate, Dev", address: "no-reply@cognate.test" }]);
    expect(got!.mail.to).toMatchObject({ value: [{ address: "alice@example.com" }] });
    expect(got!.mail.subject).toBe("Your verification code");
    expect(got!.mail.text?.trim()).toBe("Your confirmation code is 314159");
    expect(got!.secure).toBe(false);
  });

  for (const method of ["PLAIN", "LOGIN"]) {
    it(`logs in with AUTH ${method} as the URL's user, and a wrong password is a DeliveryError`, async () => {
      const smtp = await server({ users: { mailer: PASSWORD }, authMethods: [method] });
      await smtpSender({ url: smtp.url(userinfo("mailer", PASSWORD)), from: FROM }).send(MESSAGE);
      expect(smtp.logins).toEqual([{ method, user: "mailer", ok: true }]);
      expect(smtp.received.map((r) => r.user)).toEqual(["mailer"]);

      const error = await failure(
        smtpSender({ url: smtp.url(userinfo("mailer", `${PASSWORD}x`)), from: FROM }).send(MESSAGE),
      );
      expect(error.message).toMatch(/authentication failed \(535\)/);
      expect(smtp.received).toHaveLength(1);
    });
  }

  it("refuses to send without logging in when the server requires AUTH", async () => {
    const smtp = await server({ users: { mailer: PASSWORD } });
    const error = await failure(smtpSender({ url: smtp.url(), from: FROM }).send(MESSAGE));
    expect(error.message).toMatch(/: sender or recipient refused \(530\)$/);
    expect(smtp.received).toHaveLength(0);
  });

  it("fails with DeliveryError when the server refuses the recipient", async () => {
    const smtp = await server({ refuse: ["alice@example.com"] });
    const error = await failure(smtpSender({ url: smtp.url(), from: FROM }).send(MESSAGE));
    expect(error.message).toBe(
      `smtp smtp://127.0.0.1:${smtp.port} (STARTTLS optional): sender or recipient refused (550)`,
    );
    expect(smtp.received).toHaveLength(0);
  });

  it("fails with DeliveryError when the server is down", async () => {
    const smtp = await server();
    await smtp.close();
    open.pop();
    const started = Date.now();
    const error = await failure(smtpSender({ url: smtp.url(), from: FROM, timeoutMs: 2000 }).send(MESSAGE));
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("gives up within the timeout on a server that accepts the connection but never speaks", async () => {
    const sockets = new Set<import("node:net").Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((ok) => silent.listen(0, "127.0.0.1", ok));
    open.push({
      close: () =>
        new Promise<void>((ok) => {
          for (const s of sockets) s.destroy();
          silent.close(() => ok());
        }),
    });
    const port = (silent.address() as AddressInfo).port;
    const started = Date.now();
    const error = await failure(
      smtpSender({ url: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs: 300 }).send(MESSAGE),
    );
    expect(error.message).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("upgrades with STARTTLS when the server offers it, and insists when the URL says required", async () => {
    const tls = loopbackCertificate();
    const offering = await server({ ...tls, users: { mailer: PASSWORD } });
    await smtpSender({ url: offering.url(userinfo("mailer", PASSWORD)), from: FROM, ca: tls.cert }).send(
      MESSAGE,
    );
    expect(offering.received.map((r) => [r.secure, r.user])).toEqual([[true, "mailer"]]);
    // An untrusted certificate is not sent the password.
    const untrusted = await failure(
      smtpSender({ url: offering.url(userinfo("mailer", PASSWORD)), from: FROM }).send(MESSAGE),
    );
    expect(untrusted.message).toMatch(/SELF_SIGNED_CERT/);
    expect(offering.logins).toHaveLength(1);

    const plain = await server({ users: { mailer: PASSWORD } });
    const error = await failure(
      smtpSender({ url: plain.url(userinfo("mailer", PASSWORD), "starttls=required"), from: FROM }).send(
        MESSAGE,
      ),
    );
    expect(error.message).toMatch(/STARTTLS required, AUTH\): TLS failed/);
    expect(plain.logins).toHaveLength(0);
    expect(plain.received).toHaveLength(0);
  });

  it("speaks TLS from the first byte with smtps://", async () => {
    const tls = loopbackCertificate();
    const smtps = await server({ ...tls, secure: true, users: { mailer: PASSWORD } });
    expect(smtps.url()).toMatch(/^smtps:/);
    await smtpSender({ url: smtps.url(userinfo("mailer", PASSWORD)), from: FROM, ca: tls.cert }).send(
      MESSAGE,
    );
    expect(smtps.received.map((r) => [r.secure, r.user, r.mail.subject])).toEqual([
      [true, "mailer", "Your verification code"],
    ]);
  });

  it("sends only EMAIL messages, to exactly one address", async () => {
    const smtp = await server();
    const sender = smtpSender({ url: smtp.url(), from: FROM });
    await failure(sender.send({ ...MESSAGE, channel: "SMS", to: "+15555550100" }));
    await failure(sender.send({ ...MESSAGE, to: "alice@example.com, mallory@example.net" }));
    await failure(sender.send({ ...MESSAGE, to: "Mallory <mallory@example.net>" }));
    expect(smtp.received).toHaveLength(0);
  });
});
