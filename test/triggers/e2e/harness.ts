// What the trigger scenarios run against: a cognate (the Node entry, or wrangler dev) whose
// `triggers.functions` map each handler of ../handlers/ to one delivery mode, and the files the
// handlers write (TRIGGER_MAILBOX, TRIGGER_RECORDS). The handlers are the modules as they are:
// a worker thread runs them in the module mode, the HTTP trigger server (serveTrigger) or the
// Lambda Invoke API server in this process in the other two, except hangs.mjs, whose busy loop
// would stop this process: it runs in a process of its own (hang-server.mjs).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { OutboundMessage } from "../../../src/delivery/message.js";
import { startProcess } from "../../helpers/process.js";
import type { Target } from "../../user-pool/e2e/target.js";
import { start as startHttp, TEST_TRIGGER_SECRET } from "../http-trigger-server.js";
import { start as startLambda } from "../lambda-server.js";

export type Mode = "module" | "http" | "lambda";

/** The handler modules, by function name (the file's name without its extension). */
export const HANDLERS = {
  "pre-sign-up": "pre-sign-up.cjs",
  "post-confirmation": "post-confirmation.mjs",
  "pre-token-generation-v2": "pre-token-generation-v2.mjs",
  "user-migration": "user-migration.mjs",
  "define-auth-challenge": "define-auth-challenge.mjs",
  "create-auth-challenge": "create-auth-challenge.mjs",
  "verify-auth-challenge": "verify-auth-challenge.mjs",
  "custom-message": "custom-message.mjs",
  "custom-email-sender": "custom-email-sender.mjs",
  throws: "throws.mjs",
  garbage: "garbage.mjs",
  hangs: "hangs.mjs",
} as const;
export type FunctionName = keyof typeof HANDLERS;

/** The function ARN a pool's LambdaConfig names. */
export const arnOf = (name: FunctionName) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

const handlerPath = (file: string) => fileURLToPath(new URL(`../handlers/${file}`, import.meta.url));

/** `triggers.senderKey`'s key (base64 of 32 bytes), which custom-email-sender.mjs decrypts with. */
export const SENDER_KEY = Buffer.alloc(32, 7).toString("base64");
/** A KMS key ARN for the pools' KMSKeyID (cognate encrypts under `triggers.senderKey`). */
export const KMS_KEY_ID = "arn:aws:kms:us-east-1:000000000000:key/7f0e0a4c-0000-4000-8000-000000000001";

/** One invocation timeout for the suite: short, so the hanging handler costs little. */
export const TIMEOUT_MS = 1500;

/** A scenario's view of the cognate under test and of what the handlers did. */
export interface TriggerTarget extends Target {
  mode: Mode;
  /** The messages cognate sent (its outbox), oldest first. */
  outbox: () => Promise<OutboundMessage[]>;
  /** The lines the handlers wrote to TRIGGER_MAILBOX. */
  mailbox: () => Record<string, string | null>[];
  /** The lines post-confirmation.mjs wrote to TRIGGER_RECORDS. */
  records: () => Record<string, string>[];
  /** How many times a function was invoked, where the mode can tell (HTTP, Lambda Invoke). */
  invocations?: (name: FunctionName) => number;
}

const lines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];

/**
 * The handlers' side of a mode: their files (named by environment variables of this process), their
 * servers, and the `triggers` section naming them. `dir` is a fresh temporary folder. Call it
 * before the server starts: a module-mode thread sees the environment as it was when the thread
 * started (a copy, without cognate's settings), and the variables are set here, first.
 */
export async function handlerSide(mode: Mode, dir: string) {
  const mailbox = join(dir, "mailbox.jsonl");
  const records = join(dir, "records.jsonl");
  writeFileSync(mailbox, "");
  writeFileSync(records, "");
  process.env.TRIGGER_MAILBOX = mailbox;
  process.env.TRIGGER_RECORDS = records;
  process.env.TRIGGER_SENDER_KEY = SENDER_KEY;

  const names = Object.keys(HANDLERS) as FunctionName[];
  const served = Object.fromEntries(
    names.filter((name) => name !== "hangs").map((name) => [name, handlerPath(HANDLERS[name])]),
  );
  const closers: Array<() => Promise<void>> = [];
  let functions: Record<string, unknown>;
  let invocations: TriggerTarget["invocations"];
  if (mode === "module") {
    functions = Object.fromEntries(
      names.map((name) => [arnOf(name), { module: handlerPath(HANDLERS[name]) }]),
    );
  } else {
    const hang = await startProcess(
      process.execPath,
      [fileURLToPath(new URL("./hang-server.mjs", import.meta.url))],
      {
        ready: /listening on (http:\/\/\S+)/,
      },
    );
    if (hang.match === null) throw new Error(`the hang server did not start:\n${hang.output()}`);
    closers.push(hang.stop);
    const hangUrl = hang.match[1]!;
    if (mode === "http") {
      const http = await startHttp({ functions: served });
      closers.push(http.close);
      functions = Object.fromEntries(
        names.map((name) => [
          arnOf(name),
          { url: name === "hangs" ? `${hangUrl}/hangs` : http.urlOf(name), secret: TEST_TRIGGER_SECRET },
        ]),
      );
      invocations = (name) => http.calls.filter((call) => call === name).length;
    } else {
      const lambda = await startLambda({ functions: served });
      closers.push(lambda.close);
      functions = Object.fromEntries(
        names.map((name) => [
          arnOf(name),
          {
            lambda: {
              endpoint: name === "hangs" ? hangUrl : lambda.url,
              region: lambda.region,
              ...lambda.credentials,
            },
          },
        ]),
      );
      invocations = (name) => lambda.calls.filter((call) => call === name).length;
    }
  }
  return {
    triggers: {
      timeoutMs: TIMEOUT_MS,
      moduleThreads: 2,
      functions,
      senderKey: { keyNamespace: "cognate", keyName: "custom-sender", key: SENDER_KEY },
    },
    mailbox: () => lines(mailbox),
    records: () => lines(records),
    invocations,
    close: async () => {
      for (const close of closers.reverse()) await close();
    },
  };
}

/** A fresh temporary folder. */
export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
