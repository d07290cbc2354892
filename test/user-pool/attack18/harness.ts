/**
 * The attack suite's server: the real gateway (createGateway) over a real SQLite file, served by
 * @hono/node-server on 127.0.0.1, its messages in the development outbox, and AWS SDK v3 clients.
 * Its pools' clock can be moved forward (`advance`); clients made after are told, since signed
 * admin calls are checked against that clock.
 */
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGateway } from "../../../src/app.js";
import { outboxSender } from "../../../src/delivery/outbox.node.js";
import { openSqlite } from "../../../src/storage/open.node.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATEATTACK018",
  secretAccessKey: "attack18/test+secret0123456789abcdefghij",
};

/** A running server, its SDK clients, and its close. */
export async function attackServer() {
  let offset = 0;
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-attack18-"));
  const storage = await openSqlite(dataDir);
  const app = createGateway(
    { region: "us-east-1" },
    {
      name: "node",
      getConnInfo,
      storage,
      masterKey: Buffer.alloc(32, 18).toString("base64"),
      adminCredentials: ADMIN,
      sender: outboxSender(dataDir),
      now: () => Date.now() + offset,
    },
  );
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise<void>((ok) => server.once("listening", () => ok()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = (credentials: typeof ADMIN) =>
    new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: url,
      credentials,
      maxAttempts: 1,
      systemClockOffset: offset,
    });
  return {
    url,
    /** SigV4-signed with the admin key. */
    admin: () => client(ADMIN),
    /** Unsigned operations ignore a signature. */
    anyone: () => client({ accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" }),
    /** Moves the pools' clock forward. */
    advance(ms: number) {
      offset += ms;
    },
    async close() {
      await new Promise<void>((ok) => server.close(() => ok()));
      await storage.close?.();
    },
  };
}

export type AttackServer = Awaited<ReturnType<typeof attackServer>>;

/** The error a promise rejects with; fails when it succeeds. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { name: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { name: string };
  }
  throw new Error("the call succeeded");
}
