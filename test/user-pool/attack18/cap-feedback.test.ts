// An outside attack (issue 18, round 2): the cap on failed sign-in events (the newest 200 per user) must
// not let a stranger erase what the user or an admin said about an event. A failed sign-in reported
// Invalid is what threat protection's "reported address" signal reads (+50 for a sign-in from its
// address) and what an investigation starts from; one reported Valid is a trusted baseline. Anyone
// who knows the username can push it out with 200 wrong passwords (the lockout only spaces them).
import {
  AdminCreateUserCommand,
  AdminListUserAuthEventsCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateAuthEventFeedbackCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  type AuthEventType,
} from "@aws-sdk/client-cognito-identity-provider";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createGateway } from "../../../src/app.js";
import { openSqlite } from "../../../src/storage/open.node.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATEATTACK18B",
  secretAccessKey: "attack18/cap+secret0123456789abcdefghij",
};
let offset = 0;
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const storage = await openSqlite(mkdtempSync(join(tmpdir(), "cognate-attack18-cap-")));
  const app = createGateway(
    { region: "us-east-1" },
    {
      name: "node",
      getConnInfo,
      storage,
      masterKey: Buffer.alloc(32, 18).toString("base64"),
      adminCredentials: ADMIN,
      now: () => Date.now() + offset,
    },
  );
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise<void>((ok) => server.once("listening", () => ok()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
    await storage.close?.();
  };
});
afterAll(async () => {
  await close?.();
});

// Signed admin calls are checked against the pools' clock, so the SDK is told how far it has moved.
const client = (credentials = ADMIN) =>
  new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: url,
    credentials,
    maxAttempts: 1,
    systemClockOffset: offset,
  });

it("keeps a failed sign-in the user reported, past 200 newer failures by a stranger", async () => {
  const { UserPool } = await client().send(
    new CreateUserPoolCommand({ PoolName: "cap", UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } }),
  );
  const UserPoolId = UserPool!.Id!;
  const { UserPoolClient } = await client().send(
    new CreateUserPoolClientCommand({
      UserPoolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"],
    }),
  );
  const ClientId = UserPoolClient!.ClientId!;
  const Username = "victim";
  await client().send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: "SUPPRESS" }));
  await client().send(
    new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: "Right-Horse-18", Permanent: true }),
  );
  const stranger = client({ accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" });
  const fail = () =>
    stranger
      .send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId,
          AuthParameters: { USERNAME: Username, PASSWORD: "Wrong-Horse-18" },
        }),
      )
      .then(
        () => expect.unreachable(),
        (error: Error) => expect(error.name).toBe("NotAuthorizedException"),
      );

  await fail();
  const [reported] = (await client().send(new AdminListUserAuthEventsCommand({ UserPoolId, Username })))
    .AuthEvents!;
  await client().send(
    new AdminUpdateAuthEventFeedbackCommand({
      UserPoolId,
      Username,
      EventId: reported!.EventId!,
      FeedbackValue: "Invalid",
    }),
  );

  // 200 more wrong passwords, each past the lockout's reset (15 minutes of the pools' clock).
  for (let i = 0; i < 200; i++) {
    offset += 16 * 60_000;
    await fail();
  }

  const events: AuthEventType[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client().send(
      new AdminListUserAuthEventsCommand({ UserPoolId, Username, MaxResults: 60, NextToken }),
    );
    events.push(...page.AuthEvents!);
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  expect(events.find((e) => e.EventId === reported!.EventId)?.EventFeedback?.FeedbackValue).toBe("Invalid");
});
