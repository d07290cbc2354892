// `npm run dev:worker` out of the box: no .dev.vars, no --var but the script's own. The Worker in
// development generates its admin key pair (its key id and the command that reads its secret are printed in wrangler dev's log) and master key, and
// keeps the codes it sends at GET /admin/outbox, signed with that key: a sign-up through the AWS
// SDK, its code read from the outbox, confirmed, then a sign-in.
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOutbox, startWranglerDev, type WranglerDev } from "../../helpers/wrangler-dev.js";

let dev: WranglerDev | undefined;

beforeAll(async () => {
  dev = await startWranglerDev("cognate-dev-worker");
}, 100_000);
afterAll(async () => {
  await dev?.stop();
});

/** The first match of `pattern` in wrangler dev's log, waiting a little for the log to arrive. */
async function fromLog(pattern: RegExp): Promise<RegExpExecArray> {
  for (let i = 0; i < 50; i++) {
    const match = pattern.exec(dev!.output());
    if (match !== null) return match;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${pattern} is not in the log:\n${dev!.output()}`);
}

describe("npm run dev:worker out of the box", () => {
  it("signs up, reads the code from the development outbox, confirms and signs in", async () => {
    const endpoint = dev!.endpoint;
    expect(await (await fetch(`${endpoint}/health`)).json()).toMatchObject({ runtime: "workerd" });
    // The development admin key pair: the key id from the log line the first request prints, the
    // secret by running the command that line names (the log never holds the secret).
    const admin = await dev!.adminKeys();
    expect(dev!.output()).not.toContain(admin.secretAccessKey);
    const idp = new CognitoIdentityProviderClient({ endpoint, region: "us-east-1", credentials: admin });
    const { UserPool } = await idp.send(
      new CreateUserPoolCommand({ PoolName: "dev-worker", AutoVerifiedAttributes: ["email"] }),
    );
    const { UserPoolClient } = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: UserPool!.Id!,
        ClientName: "web",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const ClientId = UserPoolClient!.ClientId!;
    const password = "Correct-Horse-9!";
    await idp.send(
      new SignUpCommand({
        ClientId,
        Username: "ada",
        Password: password,
        UserAttributes: [{ Name: "email", Value: "ada@example.com" }],
      }),
    );
    const read = await readOutbox(endpoint, admin);
    expect(read.status).toBe(200);
    const message = read.messages.find((m) => m.to === "ada@example.com");
    expect(message?.code).toMatch(/^\d{6}$/);
    // The same code is in wrangler dev's log.
    const logged = await fromLog(/EMAIL to ada@example\.com \(\S+, ada\): code (\d{6})/);
    expect(logged[1]).toBe(message!.code);
    await idp.send(new ConfirmSignUpCommand({ ClientId, Username: "ada", ConfirmationCode: message!.code! }));

    const signedIn = await idp.send(
      new InitiateAuthCommand({
        ClientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "ada", PASSWORD: password },
      }),
    );
    expect(signedIn.AuthenticationResult?.AccessToken).toBeTypeOf("string");

    // Nobody without the admin key reads the outbox.
    const stranger = await readOutbox(endpoint, {
      accessKeyId: "AKIASTRANGERKEY00001",
      secretAccessKey: "x".repeat(40),
    });
    expect(stranger.status).toBeGreaterThanOrEqual(400);
  });
});
