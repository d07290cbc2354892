// One phase of the retention benchmark (bench/retention.mjs): the gateway served in process over
// SQLite in a fresh temp directory on disk, a pool with threat protection AUDIT and a fixed set of
// users made by signed admin calls on the real clock, then the pools' clock compressed (runtime.now,
// which the sweep is given too) and ordinary traffic on a fixed schedule, the database sampled as
// it runs, with the background sweep on or off.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  GetUserCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import Database from "better-sqlite3";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGateway } from "../dist/app.js";
import { modPow } from "../dist/runtime/modpow.node.js";
import { repositories } from "../dist/storage/index.js";
import { openSqlite } from "../dist/storage/open.node.js";
import { startBackgroundSweep, sweep } from "../dist/user-pool/retention/index.js";
import { g, N } from "../dist/user-pool/srp/index.js";
import { ADMIN, sdk } from "./user-pool-servers.mjs";

/** Of a worker's rounds, one in this many also resets its user's password by code. */
export const FORGOT_ONE_IN = 4;
/** And one in this many starts an SRP sign-in it gives up. */
export const SRP_ONE_IN = 2;
const PASSWORD = "Bench-Retention-9-pass";
const MAX_LATE_MS = 500;

/** One sample of the database: file sizes, pages, and the rows of every table. */
function sample(reader, file, t, clockMs, calls) {
  const size = (f) => (existsSync(f) ? statSync(f).size : 0);
  const rows = {};
  const tables = reader
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all();
  for (const table of tables) rows[table] = reader.prepare(`SELECT count(*) FROM "${table}"`).pluck().get();
  return {
    t,
    clockMs,
    calls,
    db: size(file),
    wal: size(`${file}-wal`),
    pages: reader.pragma("page_count", { simple: true }),
    free: reader.pragma("freelist_count", { simple: true }),
    rows,
  };
}

/** The pool, its client and `count` confirmed users, through signed admin calls on the real clock. */
async function setUp(url, count, concurrency) {
  const admin = sdk(url);
  const { UserPool } = await admin.send(
    new CreateUserPoolCommand({
      PoolName: "bench-retention",
      AutoVerifiedAttributes: ["email"],
      UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" },
    }),
  );
  const { UserPoolClient } = await admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: UserPool.Id,
      ClientName: "bench",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      RefreshTokenValidity: 60,
      AccessTokenValidity: 1,
      IdTokenValidity: 1,
      TokenValidityUnits: { RefreshToken: "minutes", AccessToken: "days", IdToken: "days" },
    }),
  );
  const users = Array.from({ length: count }, (_, i) => `user-${String(i).padStart(4, "0")}`);
  for (let i = 0; i < users.length; i += concurrency)
    await Promise.all(
      users.slice(i, i + concurrency).map(async (Username) => {
        await admin.send(
          new AdminCreateUserCommand({
            UserPoolId: UserPool.Id,
            Username,
            MessageAction: "SUPPRESS",
            UserAttributes: [
              { Name: "email", Value: `${Username}@example.com` },
              { Name: "email_verified", Value: "true" },
            ],
          }),
        );
        await admin.send(
          new AdminSetUserPasswordCommand({
            UserPoolId: UserPool.Id,
            Username,
            Password: PASSWORD,
            Permanent: true,
          }),
        );
      }),
    );
  return { clientId: UserPoolClient.ClientId, users };
}

/**
 * One phase on a fresh database: set-up, then `o.seconds` of traffic, `o.rate` rounds a second
 * from `o.concurrency` workers over `o.users` users, on a clock `o.speed` times as fast, with the
 * sweep (`o.sweepOptions`, every `o.sweepEveryMs` real ms) when `o.retention`; a sample every
 * `o.sampleMs`. Returns the samples, the calls, the CPU time used and what the sweeps did.
 */
export async function phase(o) {
  const { name, retention, seconds, speed, rate, concurrency, log } = o;
  const dir = mkdtempSync(join(tmpdir(), "cognate-bench-retention-"));
  const file = join(dir, "cognate.db");
  const storage = await openSqlite(dir);
  let fastFrom;
  const now = () => (fastFrom === undefined ? Date.now() : fastFrom + (Date.now() - fastFrom) * speed);
  const codes = new Map();
  const sender = {
    async send(message) {
      if (message.code !== undefined) codes.set(message.username, message.code);
    },
  };
  const app = createGateway(
    { region: "us-east-1" },
    {
      name: "node",
      storage,
      masterKey: Buffer.alloc(32, 18).toString("base64"),
      adminCredentials: ADMIN,
      sender,
      now,
      getConnInfo,
    },
  );
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise((ok, fail) => {
    server.once("listening", ok);
    server.once("error", fail);
  });
  const url = `http://127.0.0.1:${server.address().port}`;
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  const sweeps = { runs: 0, ms: 0, deleted: {}, failed: [] };
  let background;
  try {
    const { clientId, users } = await setUp(url, o.users, concurrency);
    fastFrom = Date.now();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    if (retention)
      background = startBackgroundSweep(
        async () => {
          const start = performance.now();
          try {
            return await sweep(repositories(storage), now(), o.sweepOptions);
          } finally {
            sweeps.ms += performance.now() - start;
          }
        },
        {
          intervalMs: o.sweepEveryMs,
          onReport(report) {
            sweeps.runs++;
            for (const [purge, n] of Object.entries(report.deleted))
              sweeps.deleted[purge] = (sweeps.deleted[purge] ?? 0) + n;
            for (const { name: purge, error } of report.failed) {
              sweeps.failed.push(purge);
              log(`  retention ${name}: the ${purge} purge FAILED: ${error?.stack ?? error}`);
            }
          },
        },
      );
    const calls = { ok: 0, errors: new Map() };
    const samples = [];
    const take = () => {
      const s = sample(reader, file, (performance.now() - t0) / 1000, now() - fastFrom, calls.ok);
      samples.push(s);
      log(
        `  ${name} t=${s.t.toFixed(0).padStart(4)} s (pools' clock +${(s.clockMs / 3_600_000).toFixed(1)} h): ${((s.db + s.wal) / 1048576).toFixed(2)} MB, ${s.rows.auth_events} auth events, ${s.rows.refresh_tokens} refresh tokens, ${calls.ok} calls`,
      );
    };
    take();
    const timer = setInterval(take, o.sampleMs);
    const client = sdk(url);
    const deadline = t0 + seconds * 1000;
    let scheduled = 0;
    let rounds = 0;
    let skipped = 0;
    const call = async (command) => {
      try {
        const answer = await client.send(command);
        calls.ok++;
        return answer;
      } catch (error) {
        const flow = command.input.AuthFlow === undefined ? "" : ` ${command.input.AuthFlow}`;
        const key = `${command.constructor.name.replace(/Command$/, "")}${flow}: ${error.name}`;
        calls.errors.set(key, (calls.errors.get(key) ?? 0) + 1);
        return undefined;
      }
    };
    // An SRP sign-in given up after its challenge (a closed tab): an auth session, kept an hour
    // past its expiry. Not answered: the session lives 3 minutes of the pools' time, a few real
    // milliseconds here, and TIMESTAMP would have to be on the compressed clock too.
    const A = modPow(
      g,
      BigInt(`0x${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex")}`),
      N,
    );
    const abandonedSrp = (Username) =>
      call(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "USER_SRP_AUTH",
          AuthParameters: { USERNAME: Username, SRP_A: A.toString(16) },
        }),
      );
    // Each worker has its own users, so that no two reset one user's password at once.
    const worker = async (w) => {
      const mine = users.filter((_, i) => i % concurrency === w);
      for (let round = 0; ; round++) {
        let slot = t0 + (scheduled++ * 1000) / rate;
        // A slot missed by far (the machine stalled) is skipped, not made up in a burst: a burst
        // would raise the rows kept above the schedule's level.
        for (; slot < deadline && performance.now() - slot > MAX_LATE_MS; skipped++)
          slot = t0 + (scheduled++ * 1000) / rate;
        if (slot >= deadline) break;
        if (slot > performance.now()) await new Promise((r) => setTimeout(r, slot - performance.now()));
        rounds++;
        const Username = mine[round % mine.length];
        if (round % SRP_ONE_IN === SRP_ONE_IN - 1) await abandonedSrp(Username);
        const signIn = await call(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: "USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: Username, PASSWORD },
          }),
        );
        const tokens = signIn?.AuthenticationResult;
        if (tokens === undefined) continue;
        // The refresh first: the token lives 60 minutes of the pools' time, well under a real second.
        const refreshed = await call(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: "REFRESH_TOKEN_AUTH",
            AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
          }),
        );
        await call(new GetUserCommand({ AccessToken: tokens.AccessToken }));
        const access = refreshed?.AuthenticationResult?.AccessToken;
        if (access !== undefined) await call(new GetUserCommand({ AccessToken: access }));
        if (round % FORGOT_ONE_IN !== FORGOT_ONE_IN - 1) continue;
        codes.delete(Username);
        if ((await call(new ForgotPasswordCommand({ ClientId: clientId, Username }))) === undefined) continue;
        const code = codes.get(Username);
        if (code === undefined) {
          const key = "ForgotPassword: no code delivered";
          calls.errors.set(key, (calls.errors.get(key) ?? 0) + 1);
          continue;
        }
        await call(
          new ConfirmForgotPasswordCommand({
            ClientId: clientId,
            Username,
            ConfirmationCode: code,
            Password: PASSWORD,
          }),
        );
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(timer);
    if (samples.at(-1).t > elapsed - 1) samples.pop(); // the timer's, at the deadline
    take();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return {
      name,
      samples,
      calls,
      rounds,
      skipped,
      elapsed,
      cpuMs,
      sweeps,
      pageSize: reader.pragma("page_size", { simple: true }),
    };
  } finally {
    await background?.stop();
    await new Promise((done) => server.close(done));
    reader.close();
    await storage.close?.();
    rmSync(dir, { recursive: true, force: true });
  }
}
