// The set-up the identity-pool suites share: the real Node entry (`start()`, SQLite under a temp
// data dir) and AWS SDK clients for it.
import { CognitoIdentityClient } from "@aws-sdk/client-cognito-identity";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, vi } from "vitest";
import { start } from "../../src/entry/node.js";

export const ADMIN = {
  accessKeyId: "AKIACOGNATETEST00016",
  secretAccessKey: "identity/test+secret0123456789abcdefghij",
};

export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the call succeeded");
}

/** Starts a server for the calling suite (beforeAll/afterAll) and returns what its tests use. */
export function identityServer(extraEnv: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-identity-"));
  let server: Awaited<ReturnType<typeof start>>;
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
  return {
    dataDir,
    url: () => server.url,
    /** A Cognito Identity client signed with the admin key pair (or the credentials given). */
    identity: (credentials: { accessKeyId: string; secretAccessKey: string } = ADMIN) =>
      new CognitoIdentityClient({ region: "us-east-1", endpoint: server.url, credentials, maxAttempts: 1 }),
  };
}
