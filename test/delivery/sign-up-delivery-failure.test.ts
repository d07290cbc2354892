// A sign-up whose code cannot be delivered, as Cognito answers it: CodeDeliveryFailureException,
// and the user IS created, UNCONFIRMED (AWS confirms the same for AdminCreateUser: the user stays
// when its message fails, aws/aws-sdk#438). Signing up again says UsernameExistsException;
// ResendConfirmationCode is the way on, once mail goes out again. Over the wire: the real Node
// entry, a real SMTP server on loopback that first refuses the recipient, the AWS SDK v3 client.
import {
  AdminGetUserCommand,
  CodeDeliveryFailureException,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UsernameExistsException,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { loopbackSmtp, type LoopbackSmtp } from "./smtp-server.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATEFAIL00001",
  secretAccessKey: "delivery/test+secret0123456789abcdefghij",
};
const ADDRESS = "quinn@example.com";
// The SMTP server refuses whoever is in this list; emptying it lets mail through again.
const refuse = [ADDRESS];
let smtp: LoopbackSmtp;
let server: Awaited<ReturnType<typeof start>>;

beforeAll(async () => {
  smtp = await loopbackSmtp({ refuse });
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: mkdtempSync(join(tmpdir(), "cognate-delivery-failure-")),
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    COGNATE_SMTP_URL: smtp.url(),
    COGNATE_SMTP_FROM: "no-reply@cognate.test",
  });
  vi.restoreAllMocks();
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const client = (credentials?: typeof ADMIN) =>
  new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: server.url,
    credentials: credentials ?? { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" },
    maxAttempts: 1,
  });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );

describe("a sign-up whose code cannot be delivered", () => {
  it("answers CodeDeliveryFailureException, keeps the user UNCONFIRMED, and ResendConfirmationCode then confirms it", async () => {
    const admin = client(ADMIN);
    const { UserPool } = await admin.send(
      new CreateUserPoolCommand({ PoolName: "flaky-mail", AutoVerifiedAttributes: ["email"] }),
    );
    const poolId = UserPool!.Id!;
    const { UserPoolClient } = await admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app" }),
    );
    const ClientId = UserPoolClient!.ClientId!;
    const signUp = new SignUpCommand({
      ClientId,
      Username: "quinn",
      Password: "Flaky-Mail-1234",
      UserAttributes: [{ Name: "email", Value: ADDRESS }],
    });

    const refused = await failure(client().send(signUp));
    expect(refused).toBeInstanceOf(CodeDeliveryFailureException);
    expect(refused!.message).not.toMatch(/127\.0\.0\.1|550|No such user/);
    expect(smtp.received).toHaveLength(0);

    // As in Cognito, the user exists, unconfirmed: the same sign-up again is refused as a duplicate.
    const user = await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "quinn" }));
    expect(user.UserStatus).toBe("UNCONFIRMED");
    const again = await failure(client().send(signUp));
    expect(again).toBeInstanceOf(UsernameExistsException);
    expect(again!.message).toBe("User already exists");

    // While mail still fails, a resend says so too; once it goes out, its code confirms the user.
    const resend = new ResendConfirmationCodeCommand({ ClientId, Username: "quinn" });
    expect(await failure(client().send(resend))).toBeInstanceOf(CodeDeliveryFailureException);
    refuse.length = 0;
    const resent = await client().send(resend);
    expect(resent.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "EMAIL", AttributeName: "email" });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.envelopeTo).toEqual([ADDRESS]);
    const code = /\b(\d{6})\b/.exec(smtp.received[0]!.mail.text ?? "")?.[1];
    expect(code).toMatch(/^\d{6}$/);
    await client().send(new ConfirmSignUpCommand({ ClientId, Username: "quinn", ConfirmationCode: code! }));
    const confirmed = await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "quinn" }));
    expect(confirmed.UserStatus).toBe("CONFIRMED");
  });
});
