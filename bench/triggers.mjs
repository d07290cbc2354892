// npm run bench: Lambda triggers (issue 15). What a PreAuthentication trigger that returns its
// event adds to a USER_PASSWORD_AUTH sign-in, in each delivery mode, against a pool with no
// trigger, all in this one run:
// - module: the handler file in a worker thread of the module pool (Node);
// - http: the same handler behind `serveTrigger` on a loopback server, each request signed;
// - lambda: the same handler behind a bench-local loopback server speaking the Lambda Invoke API,
//   each call SigV4-signed by cognate and checked by the server;
// - function: the same handler given in code (`functionInvoker`), called in this process.
// Sign-ins go through the user-pool service app in this process (`app.request()`: JSON, input
// validation, the sign-in pipeline, the password check, the tokens), alternating between the pools
// so the machine's noise falls on every mode alike; each round's median per mode, less the
// no-trigger median, is the mode's added cost, and the figure is the median over rounds. A second
// table times the invocation alone (the invoker's `invoke()`, as runTrigger calls it).
// Loopback only; stops itself. BENCH_QUICK=1 runs a smaller version.
import { Sha256 } from "@aws-crypto/sha256-js";
import { serve } from "@hono/node-server";
import { SignatureV4 } from "@smithy/signature-v4";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { verifySigV4 } from "../dist/protocol/sigv4.js";
import { openSqlite } from "../dist/storage/open.node.js";
import { userPoolContext } from "../dist/user-pool/context.js";
import { userPoolService } from "../dist/user-pool/service.js";
import {
  callHandler,
  functionInvoker,
  functionName,
  httpInvoker,
  lambdaInvoker,
  serveTrigger,
  triggerInvoker,
} from "../dist/user-pool/triggers/index.js";
import { modulePool } from "../dist/user-pool/triggers/module.node.js";
import { handler } from "./triggers-handler.mjs";
import { ADMIN } from "./user-pool-servers.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 5));
const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? (QUICK ? 40 : 200));
const INVOCATIONS = Number(process.env.BENCH_INVOCATIONS ?? (QUICK ? 200 : 2000));
const WARM_UP = QUICK ? 10 : 40;
const MODES = ["none", "module", "http", "lambda", "function"];
const LABELS = {
  none: "no trigger",
  module: "module (worker thread)",
  http: "HTTP (serveTrigger, loopback)",
  lambda: "Lambda Invoke API (SigV4, loopback)",
  function: "function in code (functionInvoker)",
};
const HANDLER_FILE = fileURLToPath(new URL("./triggers-handler.mjs", import.meta.url));
const PASSWORD = "Bench-Trigger-Pass-2026";
const SECRET = "bench-trigger-secret-0123456789abcdef";
const LAMBDA_KEYS = { accessKeyId: "AKIDBENCHLAMBDA", secretAccessKey: "bench-lambda-secret-key-0123456789" };
const REGION = "us-east-1";
const arnOf = (mode) => `arn:aws:lambda:${REGION}:000000000000:function:bench-${mode}`;

const log = (line) => process.stderr.write(`${line}\n`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const n = (x, digits = 2) =>
  x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

// Self-stopping: whatever happens, the run ends.
setTimeout(() => {
  log("bench/triggers.mjs: still running after 10 minutes, stopping");
  process.exit(1);
}, 10 * 60_000).unref();

/** A loopback server (127.0.0.1, a free port) answering with `fetch`. */
async function loopback(fetch) {
  const server = serve({ fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise((ok, fail) => {
    server.once("listening", ok);
    server.once("error", fail);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

/** The Lambda Invoke API on loopback, as test/triggers/lambda-server.ts (SigV4 checked), for one handler. */
function lambdaServer() {
  const path = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
  const error = (status, type, message) =>
    Response.json({ Type: "User", message }, { status, headers: { "x-amzn-errortype": type } });
  return loopback(async (request) => {
    const match = path.exec(new URL(request.url).pathname);
    if (request.method !== "POST" || match === null)
      return error(404, "UnknownOperationException", "unknown operation");
    const verified = await verifySigV4(request, {
      region: REGION,
      service: "lambda",
      lookup: (id) => (id === LAMBDA_KEYS.accessKeyId ? LAMBDA_KEYS : undefined),
      maxBodyBytes: 6 * 1024 * 1024,
    });
    if (!verified.ok) return error(verified.status, verified.error, verified.message);
    const name = functionName(decodeURIComponent(match[1]));
    if (name !== "bench-lambda")
      return error(404, "ResourceNotFoundException", `Function not found: ${name}`);
    const event = JSON.parse(new TextDecoder().decode(verified.body));
    try {
      const result = await callHandler(handler, event, {
        arn: name,
        deadline: Date.now() + 5000,
        requestId: crypto.randomUUID(),
      });
      return Response.json(result ?? null);
    } catch (failure) {
      return Response.json(
        { errorMessage: failure.message, errorType: failure.errorType },
        { headers: { "x-amz-function-error": "Unhandled" } },
      );
    }
  });
}

const started = performance.now();
const dataDir = mkdtempSync(join(tmpdir(), "cognate-bench-triggers-"));
const storage = await openSqlite(dataDir);
const httpServer = await loopback(serveTrigger(handler, { secret: SECRET }));
const lambda = await lambdaServer();
const modules = modulePool({ threads: 2 });
// As the Node entry builds it (src/entry/node.ts), with the in-code function in front.
const configured = triggerInvoker(
  {
    timeoutMs: 5000,
    moduleThreads: 2,
    functions: {
      "bench-module": { module: HANDLER_FILE, handler: "handler" },
      "bench-http": { url: httpServer.url, secret: SECRET },
      "bench-lambda": { lambda: { endpoint: lambda.url, region: REGION, ...LAMBDA_KEYS } },
    },
    lambda: undefined,
    senderKey: undefined,
  },
  {
    http: (target) => httpInvoker(target),
    lambda: (target) => lambdaInvoker(target),
    module: (target) => modules.invoker(target),
  },
);
const inCode = functionInvoker({ "bench-function": handler });
const triggers = {
  invoke: (arn, event, options) =>
    (functionName(arn) === "bench-function" ? inCode : configured).invoke(arn, event, options),
};

try {
  const masterKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64");
  const ctx = userPoolContext({ storage, masterKey, region: REGION, triggers, triggerTimeoutMs: 5000 });
  const app = userPoolService(ctx, { adminCredentials: ADMIN });
  const signer = new SignatureV4({
    credentials: ADMIN,
    region: REGION,
    service: "cognito-idp",
    sha256: Sha256,
  });
  const send = async (operation, input, signed) => {
    const body = JSON.stringify(input);
    let headers = {
      host: "localhost",
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
    };
    if (signed)
      headers = (
        await signer.sign({
          method: "POST",
          protocol: "http:",
          hostname: "localhost",
          path: "/",
          headers,
          body,
        })
      ).headers;
    const t0 = performance.now();
    const res = await app.request("/", { method: "POST", headers, body });
    const answer = await res.json();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${operation}: ${res.status} ${JSON.stringify(answer)}`);
    return { answer, ms };
  };

  const signIns = {};
  for (const mode of MODES) {
    const { answer } = await send(
      "CreateUserPool",
      {
        PoolName: `triggers-${mode}`,
        ...(mode === "none" ? {} : { LambdaConfig: { PreAuthentication: arnOf(mode) } }),
      },
      true,
    );
    const poolId = answer.UserPool.Id;
    const client = await send(
      "CreateUserPoolClient",
      {
        UserPoolId: poolId,
        ClientName: "bench",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      },
      true,
    );
    await send("AdminCreateUser", { UserPoolId: poolId, Username: "bench", MessageAction: "SUPPRESS" }, true);
    await send(
      "AdminSetUserPassword",
      { UserPoolId: poolId, Username: "bench", Password: PASSWORD, Permanent: true },
      true,
    );
    const clientId = client.answer.UserPoolClient.ClientId;
    signIns[mode] = async () => {
      const { answer: result, ms } = await send(
        "InitiateAuth",
        {
          ClientId: clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: "bench", PASSWORD },
        },
        false,
      );
      if (result.AuthenticationResult?.AccessToken === undefined)
        throw new Error(`${mode}: no tokens: ${JSON.stringify(result)}`);
      return ms;
    };
  }

  log(`triggers: ${WARM_UP} warm-up sign-ins per mode (not counted)`);
  for (let i = 0; i < WARM_UP; i++) for (const mode of MODES) await signIns[mode]();

  // Sign-ins: per round, SIGN_INS per mode, alternating (the order rotated each time).
  const rounds = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const times = Object.fromEntries(MODES.map((m) => [m, []]));
    for (let i = 0; i < SIGN_INS; i++)
      for (let k = 0; k < MODES.length; k++) {
        const mode = MODES[(i + k) % MODES.length];
        times[mode].push(await signIns[mode]());
      }
    const medians = Object.fromEntries(MODES.map((m) => [m, median(times[m])]));
    rounds.push(medians);
    log(`triggers: round ${round}/${ROUNDS}: ${MODES.map((m) => `${m} ${n(medians[m])} ms`).join(", ")}`);
  }

  // The invocation alone, as runTrigger makes it (a fresh copy of the event each time).
  const event = {
    version: "1",
    triggerSource: "PreAuthentication_Authentication",
    region: REGION,
    userPoolId: "us-east-1_bench",
    userName: "bench",
    callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "bench" },
    request: {
      userAttributes: { sub: crypto.randomUUID(), "cognito:user_status": "CONFIRMED" },
      validationData: {},
    },
    response: {},
  };
  const invocation = {};
  log(`triggers: ${INVOCATIONS} invocations alone per mode`);
  for (const mode of MODES.filter((m) => m !== "none")) {
    const times = [];
    for (let i = 0; i < INVOCATIONS + WARM_UP; i++) {
      const signal = AbortSignal.timeout(5000);
      const t0 = performance.now();
      const out = await triggers.invoke(arnOf(mode), structuredClone(event), {
        signal,
        deadline: Date.now() + 5000,
        async: false,
      });
      const ms = performance.now() - t0;
      if (out?.triggerSource !== event.triggerSource) throw new Error(`${mode}: the event did not come back`);
      if (i >= WARM_UP) times.push(ms);
    }
    const sorted = [...times].sort((a, b) => a - b);
    invocation[mode] = { median: median(times), p95: sorted[Math.floor(sorted.length * 0.95)] };
  }

  const none = median(rounds.map((r) => r.none));
  const added = (mode) => median(rounds.map((r) => r[mode] - r.none));
  const ratio = (mode) => median(rounds.map((r) => r[mode] / r.none));
  const load = loadavg()[0];
  const lines = [
    `node ${process.versions.node}, ${availableParallelism()} CPU(s), load average ${n(load, 1)} at the end; every figure and ratio below was measured in this one run${QUICK ? " (BENCH_QUICK=1: fewer sign-ins, not the target's conditions)" : ""}.`,
    "",
    `1. What a PreAuthentication trigger returning its event adds to an InitiateAuth USER_PASSWORD_AUTH sign-in (in-process service app.request(),`,
    `   tokens issued), ${ROUNDS} round(s) of ${SIGN_INS} sign-ins per mode, the modes alternating; added = a round's median less the no-trigger`,
    "   median of the same round, then the median over rounds.",
    "",
    "| mode | sign-in, median | added per sign-in | x no trigger | target |",
    "|---|---:|---:|---:|---|",
    `| ${LABELS.none} | ${n(none)} ms | | 1.00 | |`,
    ...MODES.filter((m) => m !== "none").map(
      (m) =>
        `| ${LABELS[m]} | ${n(median(rounds.map((r) => r[m])))} ms | ${n(added(m))} ms | ${n(ratio(m))} | ${m === "module" ? `< 1 ms: ${added(m) < 1 ? "met" : "NOT MET"}` : ""} |`,
    ),
    "",
    `2. The invocation alone (the invoker's invoke(), as runTrigger makes it), ${INVOCATIONS} sequential invocations per mode after ${WARM_UP} untimed:`,
    "",
    "| mode | median | p95 |",
    "|---|---:|---:|",
    ...MODES.filter((m) => m !== "none").map(
      (m) => `| ${LABELS[m]} | ${n(invocation[m].median, 3)} ms | ${n(invocation[m].p95, 3)} ms |`,
    ),
    "",
    "   module: the event crosses to a worker thread as JSON and back (postMessage), the handler imported once per thread.",
    "   HTTP: an HMAC-SHA256 signature made by cognate and checked by serveTrigger, a keep-alive loopback connection.",
    "   Lambda: SigV4 signed by cognate and verified by the bench's loopback Invoke API server.",
    "",
    `Total run time ${n((performance.now() - started) / 1000, 0)} s.`,
    "",
  ];
  console.log(lines.join("\n"));
} finally {
  await modules.close();
  await httpServer.close();
  await lambda.close();
  await storage.close();
  rmSync(dataDir, { recursive: true, force: true });
}
