// The welcome message of a migrated user (UserMigration's messageAction and desiredDeliveryMediums):
// "set to SUPPRESS to suppress the welcome message usually sent by Amazon Cognito to new users. If
// this attribute is not returned, the welcome message will be sent", by SMS unless the answer asks
// for EMAIL. It is AdminCreateUser's invitation, its `{####}` a fixed mask: cognate never sends the
// password the user typed. The sign-in or ForgotPassword answers without waiting for it.
import { randomBytes } from "node:crypto";
import {
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from "@aws-crypto/client-node";
import { describe, expect, it, vi } from "vitest";
import { codeEncrypterFromKey } from "../../src/user-pool/triggers/code-encryption.node.js";
import type { LambdaHandler } from "../../src/user-pool/triggers/index.js";
import { arn, type Json, triggerService } from "./triggers-harness.js";

const TYPED = "Legacy-Secret-77";
const MASK = "********";
const KMSKeyID = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000";
const KEY = { keyNamespace: "cognate", keyName: "sender", key: new Uint8Array(randomBytes(32)) };

/** A legacy store that knows every name, with a phone and an email, and answers as `answer` says. */
const legacy =
  (answer: Json = {}): LambdaHandler =>
  async (event) => {
    event.response.userAttributes = {
      email: "legacy@example.com",
      email_verified: "true",
      phone_number: "+15550123",
      phone_number_verified: "true",
    };
    Object.assign(event.response, answer);
    return event;
  };

async function migrationPool(answer: Json = {}, extra: { handlers?: Json; pool?: Json; key?: boolean } = {}) {
  const pending: Promise<unknown>[] = [];
  const env = await triggerService({
    handlers: { migrate: legacy(answer), ...extra.handlers },
    pool: { ...extra.pool, LambdaConfig: { UserMigration: arn("migrate"), ...extra.pool?.LambdaConfig } },
    background: (work) => void pending.push(work),
    ...(extra.key ? { codeEncrypter: codeEncrypterFromKey(KEY) } : {}),
  });
  const signIn = () =>
    env.call("InitiateAuth", {
      ClientId: env.clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "newcomer", PASSWORD: TYPED },
    });
  /** Waits for the work the requests left in the background. */
  const settled = async () => {
    for (let i = 0; i < pending.length; i++) await pending[i];
  };
  return { ...env, signIn, settled, pending };
}

describe("UserMigration's welcome message", () => {
  it("by default: one SMS with the invitation's text, the mask for the password, never the typed one", async () => {
    const env = await migrationPool();
    expect((await env.signIn()).AuthenticationResult?.AccessToken).toBeDefined();
    await env.settled();
    expect(env.sent).toHaveLength(1);
    expect(env.sent[0]).toMatchObject({
      channel: "SMS",
      to: "+15550123",
      username: "newcomer",
      body: `Your username is newcomer and temporary password is ${MASK}.`,
    });
    expect(JSON.stringify(env.sent)).not.toContain(TYPED);
  });

  it("SUPPRESS sends nothing; RESEND sends it", async () => {
    const suppressed = await migrationPool({ messageAction: "SUPPRESS" });
    await suppressed.signIn();
    await suppressed.settled();
    expect(suppressed.sent).toEqual([]);
    const resent = await migrationPool({ messageAction: "RESEND" });
    await resent.signIn();
    await resent.settled();
    expect(resent.sent.map((m) => m.channel)).toEqual(["SMS"]);
  });

  it('["EMAIL"]: an email with the pool\'s invitation template', async () => {
    const env = await migrationPool(
      { desiredDeliveryMediums: ["EMAIL"] },
      {
        pool: {
          AdminCreateUserConfig: {
            InviteMessageTemplate: {
              EmailSubject: "Welcome aboard",
              EmailMessage: "Hello {username}, your password: {####}",
            },
          },
        },
      },
    );
    await env.signIn();
    await env.settled();
    expect(env.sent).toHaveLength(1);
    expect(env.sent[0]).toMatchObject({
      channel: "EMAIL",
      to: "legacy@example.com",
      subject: "Welcome aboard",
      body: `Hello newcomer, your password: ${MASK}`,
    });
    expect(JSON.stringify(env.sent)).not.toContain(TYPED);
  });

  it("CustomMessage sees CustomMessage_AdminCreateUser; the sign-in answers without waiting for it", async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => void (open = resolve));
    const custom: LambdaHandler = async (event) => {
      await gate;
      event.response.smsMessage = `Welcome ${event.request.usernameParameter}: ${event.request.codeParameter}`;
      return event;
    };
    const env = await migrationPool(
      {},
      { handlers: { custom }, pool: { LambdaConfig: { CustomMessage: arn("custom") } } },
    );
    // The CustomMessage function is still waiting: the answer does not.
    expect((await env.signIn()).AuthenticationResult?.AccessToken).toBeDefined();
    expect(env.sent).toEqual([]);
    open();
    await env.settled();
    const [event] = env.eventsOf("CustomMessage_AdminCreateUser");
    expect(event.request).toMatchObject({ codeParameter: "{####}", usernameParameter: "{username}" });
    expect(JSON.stringify(env.eventsOf("CustomMessage_AdminCreateUser"))).not.toContain(TYPED);
    expect(env.sent.map((m) => m.body)).toEqual([`Welcome newcomer: ${MASK}`]);
  });

  it("a welcome that fails is logged by its type only; the sign-in is not told", async () => {
    const failing: LambdaHandler = async () => {
      throw new Error(`cannot compose for ${TYPED}`);
    };
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const env = await migrationPool(
        {},
        { handlers: { failing }, pool: { LambdaConfig: { CustomMessage: arn("failing") } } },
      );
      expect((await env.signIn()).AuthenticationResult?.AccessToken).toBeDefined();
      await env.settled();
      expect(env.sent).toEqual([]);
      const logged = errors.mock.calls.map((args) => args.join(" "));
      expect(logged).toEqual([
        expect.stringMatching(
          /welcome message of a migrated user .* was not sent: UserLambdaValidationException$/,
        ),
      ]);
      expect(logged.join("\n")).not.toContain(TYPED);
    } finally {
      errors.mockRestore();
    }
  });

  it("a CustomEmailSender gets the mask, encrypted", async () => {
    const codes: string[] = [];
    const sender: LambdaHandler = async (event) => {
      const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
      const keyring = new RawAesKeyringNode({
        keyNamespace: KEY.keyNamespace,
        keyName: KEY.keyName,
        unencryptedMasterKey: KEY.key,
        wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
      });
      const { plaintext } = await decrypt(keyring, Buffer.from(event.request.code, "base64"));
      codes.push(plaintext.toString());
    };
    const env = await migrationPool(
      { desiredDeliveryMediums: ["EMAIL"] },
      {
        handlers: { sender },
        pool: {
          LambdaConfig: { CustomEmailSender: { LambdaArn: arn("sender"), LambdaVersion: "V1_0" }, KMSKeyID },
        },
        key: true,
      },
    );
    await env.signIn();
    await env.settled();
    for (let i = 0; i < 50 && codes.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(env.eventsOf("CustomEmailSender_AdminCreateUser")).toHaveLength(1);
    expect(codes).toEqual([MASK]);
    expect(env.sent).toEqual([]);
  });

  it("ForgotPassword's migration sends the welcome too, and the reset code", async () => {
    const env = await migrationPool({ desiredDeliveryMediums: ["EMAIL"] });
    await env.call("ForgotPassword", { ClientId: env.clientId, Username: "newcomer" });
    await env.settled();
    // The welcome goes in the background: the two messages may come in either order.
    const welcome = env.sent.filter((m) => m.subject === "Your temporary password");
    expect(welcome.map((m) => [m.channel, m.to])).toEqual([["EMAIL", "legacy@example.com"]]);
    expect(welcome[0]!.body).toContain(MASK);
    expect(env.sent.filter((m) => m.subject === "Your verification code")).toHaveLength(1);
    expect(env.sent).toHaveLength(2);
  });
});
