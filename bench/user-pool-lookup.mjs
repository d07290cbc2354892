// Part 3 of the user-pool benchmark: AdminGetUser and one ListUsers page (Filter `email ^= "..."`,
// Limit 60) in a pool of many users, in-process: the user-pool service app (src/user-pool/service.ts)
// over SQLite, called with `app.request()` and SigV4-signed requests, as the HTTP server would
// hand them over (signature check, JSON parsing, validation, the operation, the JSON answer).
// Only `app.request()` and reading its JSON are timed; signing each request is done before.
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqlite } from "../dist/storage/open.node.js";
import { userPoolContext } from "../dist/user-pool/context.js";
import { userPoolOperations, userPoolService } from "../dist/user-pool/service.js";
import { PASSWORD } from "./user-pool-cycle.mjs";
import { seedCognate, seededName } from "./user-pool-seed.mjs";
import { ADMIN } from "./user-pool-servers.mjs";

// Also used by user-pool-risk.mjs.
const signer = new SignatureV4({
  credentials: ADMIN,
  region: "us-east-1",
  service: "cognito-idp",
  sha256: Sha256,
});

export function serviceApp(storage) {
  const masterKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64");
  const ctx = userPoolContext({ storage, masterKey, region: "us-east-1" });
  const app = userPoolService(ctx, { adminCredentials: ADMIN });
  const operations = userPoolOperations(ctx);
  /** The operation's own function alone (no HTTP, no SigV4, no input shape check), for the breakdown. */
  async function direct(operation, input) {
    const op = operations[operation];
    const request = {
      headers: new Headers(),
      url: "http://localhost/",
      sourceIp: "127.0.0.1",
      receivedAt: Date.now(),
    };
    const callInfo = { input, operation, requestId: "bench", signer: ADMIN.accessKeyId, request };
    const t0 = performance.now();
    const answer = await (typeof op === "function" ? op(callInfo) : op.run(callInfo));
    return { answer, ms: performance.now() - t0 };
  }
  /** One signed call, whatever its status: the status, the answer and the milliseconds `app.request()` + `json()` took. */
  async function send(operation, input) {
    const body = JSON.stringify(input);
    const headers = {
      host: "localhost",
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
    };
    const signed = await signer.sign({
      method: "POST",
      protocol: "http:",
      hostname: "localhost",
      path: "/",
      query: {},
      headers,
      body,
    });
    const t0 = performance.now();
    const res = await app.request("/", { method: "POST", headers: signed.headers, body });
    const answer = await res.json();
    return { status: res.status, answer, ms: performance.now() - t0 };
  }
  /** One signed call; resolves with the answer and the milliseconds `app.request()` + `json()` took. */
  async function call(operation, input) {
    const { status, answer, ms } = await send(operation, input);
    if (status !== 200) throw new Error(`${operation}: ${status} ${JSON.stringify(answer)}`);
    return { answer, ms };
  }
  return { call, send, direct };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const stats = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), n: xs.length };
};

/**
 * Seeds `users` users (not timed; all share one salt and verifier, see seedCognate), then times
 * `getUsers` AdminGetUser calls on random users and `listPages` ListUsers pages, each filtered on a
 * random 4-digit prefix of the seeded emails (`user-0123` matches 100 users: a full page of 60).
 */
export async function lookups({ users, getUsers, listPages, log }) {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-bench-lookup-"));
  const storage = await openSqlite(dataDir);
  try {
    const { call: signed, direct } = serviceApp(storage);
    let call = signed;
    const { answer } = await call("CreateUserPool", { PoolName: "lookup" });
    const poolId = answer.UserPool.Id;
    const t0 = performance.now();
    await seedCognate(join(dataDir, "cognate.db"), poolId, {
      count: users,
      prefix: "user",
      password: PASSWORD,
      sharedVerifier: true,
    });
    const seedSeconds = (performance.now() - t0) / 1000;
    log(`lookups: ${users} users seeded in ${seedSeconds.toFixed(1)} s (not counted)`);
    const random = (n) => Math.floor(Math.random() * n);
    const getUser = async () => {
      const username = seededName("user", random(users));
      const { answer, ms } = await call("AdminGetUser", { UserPoolId: poolId, Username: username });
      if (answer.Username !== username)
        throw new Error(`AdminGetUser answered ${answer.Username} for ${username}`);
      return ms;
    };
    const prefixes = Math.max(1, Math.floor(users / 100));
    const listPage = async () => {
      const prefix = `user-${String(random(prefixes)).padStart(4, "0")}`;
      const { answer, ms } = await call("ListUsers", {
        UserPoolId: poolId,
        Filter: `email ^= "${prefix}"`,
        Limit: 60,
      });
      if (
        answer.Users.length !== Math.min(60, users) ||
        !answer.Users.every((u) => u.Attributes.some((a) => a.Name === "email" && a.Value.startsWith(prefix)))
      ) {
        throw new Error(`ListUsers ${prefix}: ${answer.Users.length} users`);
      }
      return ms;
    };
    for (let i = 0; i < 200; i++) await getUser(); // warm-up: JIT, statement cache, page cache
    for (let i = 0; i < 20; i++) await listPage();
    const run = async () => {
      const get = [];
      for (let i = 0; i < getUsers; i++) get.push(await getUser());
      const list = [];
      for (let i = 0; i < listPages; i++) list.push(await listPage());
      return { getUser: stats(get), listUsers: stats(list) };
    };
    const viaApp = await run();
    call = direct;
    const viaOperation = await run();
    return { users, seedSeconds, viaApp, viaOperation };
  } finally {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
