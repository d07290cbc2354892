// The set-up the user suites share: the real Node entry (`start()`, SQLite under a temp data dir,
// messages in the outbox file), SDK clients for it, and the at-rest check on the database files.
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { outboxIn } from "../helpers/outbox.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATETEST00002",
  secretAccessKey: "users/test+secret0123456789abcdefghijklmn",
};

export interface Message {
  at: string;
  channel: string;
  to: string;
  userPoolId: string;
  username: string;
  subject?: string;
  body: string;
  code?: string;
}

export const attrs = (list: { Name?: string; Value?: string }[] | undefined) =>
  Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const POLICY = "Password did not conform with policy: ";

export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the call succeeded");
}

/** Starts a server for the calling suite (beforeAll/afterAll) and returns what its tests use. */
export function usersServer(extraEnv: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-users-"));
  let server: Awaited<ReturnType<typeof start>>;
  // Every password and code a suite uses: none may be in the database files in clear.
  const secrets = new Set<string>();

  beforeAll(async () => {
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    server = await start({
      PORT: "0",
      COGNATE_DATA_DIR: dataDir,
      COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
      COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
      ...extraEnv,
    });
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await server?.close();
  });

  const admin = () =>
    new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: server.url,
      credentials: ADMIN,
      maxAttempts: 1,
    });
  // Unsigned operations ignore a signature, so any credentials do.
  const anyone = () =>
    new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: server.url,
      credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" },
      maxAttempts: 1,
    });

  const outbox = (): Message[] => outboxIn(dataDir);

  function lastMessageTo(to: string): Message {
    const message = outbox()
      .filter((m) => m.to === to)
      .at(-1);
    if (message === undefined) throw new Error(`no message to ${to}`);
    if (message.code !== undefined) secrets.add(message.code);
    return message;
  }

  async function newPool(settings: Partial<CreateUserPoolCommandInput> = {}): Promise<string> {
    const { UserPool } = await admin().send(new CreateUserPoolCommand({ PoolName: "users", ...settings }));
    return UserPool!.Id!;
  }

  /** Asserts that no secret is in the database files in clear, and that the search sees `stored`. */
  function expectNothingInClear(stored: string): void {
    const bytes = ["cognate.db", "cognate.db-wal"]
      .filter((f) => existsSync(join(dataDir, f)))
      .map((f) => readFileSync(join(dataDir, f)).toString("latin1"))
      .join("\n");
    expect(bytes).toContain(stored);
    for (const secret of secrets) {
      if (/^\d{6}$/.test(secret)) {
        // Six digits can turn up inside hex (salts, verifiers, hashes); a code in clear would stand alone.
        expect(bytes).not.toMatch(new RegExp(`(?<![0-9a-fA-F])${secret}(?![0-9a-fA-F])`));
      } else {
        expect(bytes).not.toContain(secret);
      }
    }
  }

  return {
    dataDir,
    secrets,
    admin,
    anyone,
    outbox,
    lastMessageTo,
    newPool,
    expectNothingInClear,
    database: () => join(dataDir, "cognate.db"),
    url: () => server.url,
  };
}
