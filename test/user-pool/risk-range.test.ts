// COGNATE_BREACHED_RANGE_URL on the Node entry: under ENFORCED threat protection, a password the
// shipped list does not know but the k-anonymity range API does is refused at sign-up, and only a
// five-digit hash prefix reaches the API.
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { isOnShippedList } from "../../src/user-pool/breached/index.js";
import { startRangeServer, type RangeServer } from "./range-server.js";
import { rejection } from "./users-setup.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATERISKRANGE",
  secretAccessKey: "risk/range+secret0123456789abcdefghijklm",
};
const KNOWN_TO_API = "Only-The-Range-Knows-3391";
let range: RangeServer;
let server: Awaited<ReturnType<typeof start>>;

beforeAll(async () => {
  range = await startRangeServer();
  range.add(KNOWN_TO_API, 7);
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: mkdtempSync(join(tmpdir(), "cognate-risk-range-")),
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    COGNATE_BREACHED_RANGE_URL: `${range.url}/hibp`,
  });
  vi.restoreAllMocks();
});
afterAll(async () => {
  await server?.close();
  await range?.close();
});

describe("the breached-password range API", () => {
  it("refuses a password only the range API knows, and accepts one it does not", async () => {
    expect(isOnShippedList(KNOWN_TO_API)).toBe(false);
    const idp = new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: server.url,
      credentials: ADMIN,
      maxAttempts: 1,
    });
    const { UserPool } = await idp.send(
      new CreateUserPoolCommand({ PoolName: "range", UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } }),
    );
    const { UserPoolClient } = await idp.send(
      new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: "app" }),
    );
    const signUp = (Username: string, Password: string) =>
      idp.send(new SignUpCommand({ ClientId: UserPoolClient!.ClientId!, Username, Password }));

    const refused = await rejection(signUp("pat", KNOWN_TO_API));
    expect(refused).toMatchObject({
      name: "InvalidPasswordException",
      message: "Provided password cannot be used for security reasons.",
    });
    const prefix = createHash("sha1").update(KNOWN_TO_API).digest("hex").slice(0, 5).toUpperCase();
    expect(range.requests.map((r) => r.url)).toEqual([`/hibp/range/${prefix}`]);
    expect((await signUp("quin", "Not-Known-Anywhere-5520")).UserSub).toBeDefined();
    expect(range.requests).toHaveLength(2);
  });
});
