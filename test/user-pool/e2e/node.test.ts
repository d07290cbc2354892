// Every end-to-end scenario with the real clients against the Node entry (`start()`, SQLite under a
// temp data dir); codes are read from the development outbox, `outbox.jsonl` in the data dir.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, vi } from "vitest";
import { start } from "../../../src/entry/node.js";
import { runScenarios } from "./scenarios.js";
import { outboxIn } from "../../helpers/outbox.js";
import { codeReader, type Target } from "./target.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATEE2ENODE01",
  secretAccessKey: "e2e/node+secret0123456789abcdefghijklmnop",
};
const dataDir = mkdtempSync(join(tmpdir(), "cognate-e2e-"));
let server: Awaited<ReturnType<typeof start>> | undefined;
let target: Target;

const outbox = () => outboxIn(dataDir);

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
  });
  vi.restoreAllMocks();
  target = {
    endpoint: server.url,
    admin: ADMIN,
    readCode: codeReader(outbox),
    calls: new Set(),
    masterKey: readFileSync(join(dataDir, "master-key"), "utf8").trim(),
    feedSecret: readFileSync(join(dataDir, "revocation-feed-secret"), "utf8").trim(),
  };
});
afterAll(async () => {
  await server?.close();
});

describe("end to end on the Node server (SQLite, outbox)", () => {
  runScenarios(() => target, 20_000);
});
