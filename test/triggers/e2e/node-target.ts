// The Node entry (`start()`, SQLite under a temporary data dir, codes in its outbox file) with a
// COGNATE_CONFIG file whose triggers run in one mode.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { vi } from "vitest";
import { start } from "../../../src/entry/node.js";
import { outboxIn } from "../../helpers/outbox.js";
import { codeReader } from "../../user-pool/e2e/target.js";
import { handlerSide, type Mode, tempDir, type TriggerTarget } from "./harness.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATETRIGGERS1",
  secretAccessKey: "e2e/triggers+secret0123456789abcdefghijkl",
};

export async function startNodeTarget(
  mode: Mode,
): Promise<{ target: TriggerTarget; close: () => Promise<void> }> {
  const dir = tempDir(`cognate-triggers-${mode}-`);
  const handlers = await handlerSide(mode, dir);
  const configPath = join(dir, "cognate.json");
  writeFileSync(configPath, JSON.stringify({ triggers: handlers.triggers }));
  const dataDir = join(dir, "data");
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  const server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_CONFIG: configPath,
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
  }).finally(() => vi.restoreAllMocks());
  const outbox = async () => outboxIn(dataDir);
  return {
    target: {
      mode,
      endpoint: server.url,
      admin: ADMIN,
      readCode: codeReader(outbox),
      calls: new Set(),
      masterKey: readFileSync(join(dataDir, "master-key"), "utf8").trim(),
      feedSecret: readFileSync(join(dataDir, "revocation-feed-secret"), "utf8").trim(),
      outbox,
      mailbox: handlers.mailbox,
      records: handlers.records,
      invocations: handlers.invocations,
    },
    close: async () => {
      await server.close();
      await handlers.close();
    },
  };
}
