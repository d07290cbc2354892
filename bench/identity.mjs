// npm run bench: identity pools' credentials (issue 16), two parts, each against a baseline
// measured in the same run. BENCH_QUICK=1 runs a smaller version; BENCH_PART=gateway|credentials
// runs one part.
// 1) The gateway: the same route and upstream as bench/gateway.mjs (a node:http hello behind
//    cognate's gateway, the Node forwarder, a 102-statement policy), once with a Bearer-token route
//    (authorizer(), verified-token cache warm, 1,000 distinct RS256 tokens: the baseline) and once
//    with `"auth": "iam"` (1,000 distinct sessions from issueSession, as GetCredentialsForIdentity
//    issues them, the role's permission policy the same 102 statements), SigV4-signed in the header
//    form and presigned in the query. autocannon, as bench/gateway.mjs, in short slices that take
//    the routes in turn (the machine is shared: its other work changes over seconds); the requests
//    are signed before the timed part (bench/identity-sign.mjs), so the client does no signing
//    while it runs. Target: iam >= 0.8x bearer.
// 2) Credentials issued per second by the real service over HTTP (`node dist/entry/node.js`'s
//    start(), SQLite, bench/identity-server.mjs): GetCredentialsForIdentity for authenticated
//    identities (a user pool's ID token in Logins), and GetId + GetCredentialsForIdentity for new
//    guests, against the user pool's GetUser (baseline) and InitiateAuth USER_PASSWORD_AUTH, as
//    bench/oauth.mjs drives its servers (fetch, keep-alive, 8 concurrent calls, server pinned to
//    core 1 and this load generator to core 0, the server's CPU per call read from /proc).
import autocannon from "autocannon";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { bearerTokens } from "./bearer-tokens.mjs";
import { issueSession } from "../dist/iam/credentials.js";
import { generateMasterKey, importMasterKey } from "../dist/runtime/master-key.js";
import { signedRequests } from "./identity-sign.mjs";
import { cpuSeconds } from "./user-pool-servers.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const PART = process.env.BENCH_PART ?? "all";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
const SLICES = Number(process.env.BENCH_SLICES ?? (QUICK ? 2 : 4));
const SLICE_SECONDS = Number(process.env.BENCH_SLICE_SECONDS ?? 2);
// The credentials part: slices of SECONDS per call, CREDENTIAL_SLICES of them per round.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CREDENTIAL_SLICES = Number(process.env.BENCH_CREDENTIAL_SLICES ?? (QUICK ? 1 : 3));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const CREDENTIAL_ROUNDS = Number(process.env.BENCH_CREDENTIAL_ROUNDS ?? (QUICK ? 1 : 3));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const USERS = 64;
const SESSIONS = 1000;

const log = (line) => process.stderr.write(`${line}\n`);
const started = performance.now();
const loadBefore = loadavg();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const n = (x, digits = 1) =>
  x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const spread = (xs, digits = 0) =>
  `${n(Math.min(...xs), digits)} | ${n(median(xs), digits)} | ${n(Math.max(...xs), digits)}`;
const mark = (ok) => (ok ? "met" : "NOT MET");
const output = [];

// ---------------------------------------------------------------------------------------------
// 1) The gateway: iam against bearer.

const GATEWAY_SERVER = new URL("./gateway-server.mjs", import.meta.url).pathname;

function startGatewayProcess(args, env = {}) {
  const child = spawn(process.execPath, [GATEWAY_SERVER, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      const m = /ready (\d+)/.exec(chunk.toString());
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
    });
    child.once("exit", (code) => reject(new Error(`${args[0]} exited ${code}`)));
  });
}

/** autocannon for `seconds`: requests/s, and the gateway's CPU time per request (from /proc). */
async function hammer(url, requests, seconds, pid) {
  const cpu0 = cpuSeconds(pid);
  const result = await autocannon({ url, requests, connections: CONNECTIONS, duration: seconds });
  const cpu = cpuSeconds(pid) - cpu0;
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { perSecond: result.requests.average, cpuUs: (cpu * 1e6) / result.requests.total };
}

// Sessions as GetCredentialsForIdentity issues them: an authenticated Cognito identity each.
async function iamSessions(masterKey) {
  const pool = "us-east-1:4f1e6a2c-1111-4222-8333-444455556666";
  const provider = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Bench0001";
  const key = await importMasterKey(masterKey);
  return Promise.all(
    Array.from({ length: SESSIONS }, (_, i) => {
      const identityId = `us-east-1:0a1b2c3d-aaaa-4bbb-8ccc-${String(i).padStart(12, "0")}`;
      return issueSession(
        key,
        {
          roleArn: "arn:aws:iam::000000000000:role/Bench",
          roleSessionName: "CognitoIdentityCredentials",
          provider: "cognito-identity.amazonaws.com",
          audience: pool,
          subject: identityId,
          amr: ["authenticated", provider, `${provider}:CognitoSignIn:user-${i}`],
          identityId,
          identityPoolId: pool,
          principalTags: {},
        },
        Date.now(),
        3600,
      );
    }),
  );
}

const GATEWAY_SCENARIOS = [
  ["bearer", "Bearer route: authorizer() (verified-token cache warm) + 102-statement policy (baseline)"],
  ["iam-header", '`"auth": "iam"`, SigV4 in the Authorization header + the role\'s 102-statement policy'],
  ["iam-query", '`"auth": "iam"`, SigV4 presigned in the query + the same policy'],
];

async function gatewayPart() {
  const masterKey = generateMasterKey();
  const bearer = await bearerTokens(SESSIONS);
  const sessions = await iamSessions(masterKey);
  const upstream = await startGatewayProcess(["upstream"]);
  const results = Object.fromEntries(GATEWAY_SCENARIOS.map(([s]) => [s, []]));
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const gateways = {
        bearer: await startGatewayProcess([
          "gateway",
          upstream.url,
          JSON.stringify(bearer.publicJwk),
          bearer.issuer,
        ]),
        iam: await startGatewayProcess(["gateway-iam", upstream.url], { COGNATE_MASTER_KEY: masterKey }),
      };
      try {
        // Signed now: the header form is good for 5 minutes either side of its time.
        const requests = {
          bearer: bearer.requests,
          "iam-header": await signedRequests(sessions, gateways.iam.url, "/hello"),
          "iam-query": await signedRequests(sessions, gateways.iam.url, "/hello", { presign: true }),
        };
        const gatewayOf = (s) => (s === "bearer" ? gateways.bearer : gateways.iam);
        const urlOf = (s) => gatewayOf(s).url;
        // Warm-up: JIT, the token and session caches (every token verified, every session opened).
        for (const [s] of GATEWAY_SCENARIOS)
          for (const r of requests[s]) {
            const res = await fetch(urlOf(s) + r.path, { headers: r.headers });
            if (res.status !== 200) throw new Error(`${s} warm-up: ${res.status} ${await res.text()}`);
            await res.arrayBuffer();
          }
        for (const [s] of GATEWAY_SCENARIOS) await hammer(urlOf(s), requests[s], 1, gatewayOf(s).child.pid);
        // Short slices, each scenario in turn and the order turning at each slice: the machine's
        // other work changes over seconds, so each slice's ratios compare like with like.
        for (let slice = 0; slice < SLICES; slice++) {
          const order = GATEWAY_SCENARIOS.map(([s]) => s);
          for (let i = 0; i < (round + slice) % order.length; i++) order.push(order.shift());
          for (const s of order) {
            const result = await hammer(urlOf(s), requests[s], SLICE_SECONDS, gatewayOf(s).child.pid);
            results[s].push(result);
            log(
              `identity gateway round ${round}/${ROUNDS} slice ${slice + 1}/${SLICES} ${s.padEnd(10)} ${Math.round(result.perSecond)} req/s, ${Math.round(result.cpuUs)} us CPU each`,
            );
          }
        }
      } finally {
        gateways.bearer.child.kill("SIGTERM");
        gateways.iam.child.kill("SIGTERM");
      }
    }
  } finally {
    upstream.child.kill("SIGTERM");
  }
  // Throughput against the bearer route's, and the same read from CPU time: the bearer route's CPU
  // per request over this one's (what the throughput ratio is when the gateway is the bottleneck;
  // other work on the machine moves it much less than it moves requests per second).
  const ratio = (s) => median(results[s].map((r, i) => r.perSecond / results.bearer[i].perSecond));
  const cpuRatio = (s) => median(results[s].map((r, i) => results.bearer[i].cpuUs / r.cpuUs));
  const perSecond = (s) => results[s].map((r) => r.perSecond);
  output.push(
    `The gateway: autocannon, ${CONNECTIONS} connections, ${ROUNDS} round(s) (fresh gateways each) of ${SLICES} slices of ${SLICE_SECONDS} s per route, the routes in turn;`,
    `${SESSIONS} distinct bearer tokens and ${SESSIONS} distinct sessions (requests signed before the timed part); ratios are medians of per-slice ratios;`,
    "the gateway's CPU per request read from /proc around each slice. Min / median / max over slices.",
    "",
    "| route | req/s min | median | max | x bearer | gateway CPU per request | x bearer, by CPU |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...GATEWAY_SCENARIOS.map(
      ([s, label]) =>
        `| ${label} | ${spread(perSecond(s))} | ${n(ratio(s), 2)} | ${n(median(results[s].map((r) => r.cpuUs)), 0)} µs | ${n(cpuRatio(s), 2)} |`,
    ),
    "",
    `Target: iam >= 0.8x bearer. Header form ${n(ratio("iam-header"), 2)}x (by CPU ${n(cpuRatio("iam-header"), 2)}x): ${mark(ratio("iam-header") >= 0.8)}; ` +
      `presigned ${n(ratio("iam-query"), 2)}x (by CPU ${n(cpuRatio("iam-query"), 2)}x): ${mark(ratio("iam-query") >= 0.8)}.`,
    "",
  );
}

// ---------------------------------------------------------------------------------------------
// 2) Credentials issued per second.

const IDENTITY_SERVER = new URL("./identity-server.mjs", import.meta.url).pathname;
// Decided when the credentials part starts: the gateway part's processes are not pinned (as
// bench/gateway.mjs), and children inherit their parent's cores.
let PIN = false;

/** Pins this process (every thread) to core 0; false where `taskset` is missing. */
function pinSelf() {
  try {
    execFileSync("taskset", ["-a", "-p", "-c", "0", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Starts cognate over `dataDir`; it prints one JSON line when listening and exits when stdin closes. */
async function launchIdentityServer(env, pinned) {
  const args = [IDENTITY_SERVER];
  const child =
    pinned && PIN
      ? spawn("taskset", ["-c", "1", process.execPath, ...args], { stdio: ["pipe", "pipe", "pipe"], env })
      : spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"], env });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let timer;
  const { value, done } = await Promise.race([
    lines.next(),
    new Promise((_, fail) => {
      timer = setTimeout(() => fail(new Error(`identity server: no answer in 60 s\n${stderr}`)), 60_000);
    }),
  ]).finally(() => clearTimeout(timer));
  if (done) throw new Error(`identity server exited:\n${stderr}`);
  return {
    pid: child.pid,
    url: JSON.parse(value).url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((ok) => child.once("exit", ok));
      child.stdin.end();
      const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(kill);
    },
  };
}

const ADMIN = {
  accessKeyId: "AKIACOGNATEBENCH0016",
  secretAccessKey: "bench/secret+0123456789abcdefghijklmnop16",
};
const PASSWORD = "Correct-Horse-Battery-9";

async function call(url, target, input) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${target}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}
const idp = (url, op, input) => call(url, `AWSCognitoIdentityProviderService.${op}`, input);
const identity = (url, op, input) => call(url, `AWSCognitoIdentityService.${op}`, input);

const trust = (poolId, amr) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: "cognito-identity.amazonaws.com" },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: { "cognito-identity.amazonaws.com:aud": poolId },
        "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": amr },
      },
    },
  ],
});
const filesPolicy = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: "execute-api:Invoke",
      Resource: "arn:aws:execute-api:*:*:*/*/GET/files/${cognito-identity.amazonaws.com:sub}/*",
    },
  ],
};

/**
 * A user pool with USERS users, an identity pool that takes its ID tokens and allows guests, the
 * roles it names as files of policies/roles/ (written once the pool's id is known, as a deployment
 * writes them, then the server restarted to read them), and an identity per user.
 */
async function setUp() {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-bench-identity-"));
  const policiesDir = join(dataDir, "policies");
  mkdirSync(join(policiesDir, "roles"), { recursive: true });
  const env = {
    ...process.env,
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_POLICIES: policiesDir,
    COGNATE_MASTER_KEY: generateMasterKey(),
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
  };
  const server = await launchIdentityServer(env, false);
  const { CognitoIdentityClient, CreateIdentityPoolCommand, SetIdentityPoolRolesCommand } = await import(
    "@aws-sdk/client-cognito-identity"
  );
  const {
    AdminCreateUserCommand,
    AdminSetUserPasswordCommand,
    CognitoIdentityProviderClient,
    CreateUserPoolClientCommand,
    CreateUserPoolCommand,
  } = await import("@aws-sdk/client-cognito-identity-provider");
  try {
    const client = { region: "us-east-1", endpoint: server.url, credentials: ADMIN, maxAttempts: 1 };
    const admin = new CognitoIdentityProviderClient(client);
    const userPoolId = (await admin.send(new CreateUserPoolCommand({ PoolName: "bench-identity" }))).UserPool
      .Id;
    const clientId = (
      await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: "app",
          ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      )
    ).UserPoolClient.ClientId;
    const provider = `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
    const identityClient = new CognitoIdentityClient(client);
    const poolId = (
      await identityClient.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: "bench",
          AllowUnauthenticatedIdentities: true,
          CognitoIdentityProviders: [{ ProviderName: provider, ClientId: clientId }],
        }),
      )
    ).IdentityPoolId;
    await identityClient.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: poolId,
        Roles: {
          authenticated: "arn:aws:iam::000000000000:role/BenchUser",
          unauthenticated: "arn:aws:iam::000000000000:role/BenchGuest",
        },
      }),
    );
    const role = (amr) => ({
      AssumeRolePolicyDocument: trust(poolId, amr),
      Policies: { files: filesPolicy },
    });
    writeFileSync(join(policiesDir, "roles", "BenchUser.json"), JSON.stringify(role("authenticated")));
    writeFileSync(join(policiesDir, "roles", "BenchGuest.json"), JSON.stringify(role("unauthenticated")));
    const users = [];
    for (let i = 0; i < USERS; i++) {
      const username = `user${i}`;
      await admin.send(
        new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: username, MessageAction: "SUPPRESS" }),
      );
      await admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: userPoolId,
          Username: username,
          Password: PASSWORD,
          Permanent: true,
        }),
      );
      users.push({ username });
    }
    return { dataDir, env, userPoolId, clientId, provider, poolId, users };
  } finally {
    await server.stop();
  }
}

/** The users' tokens and identities, against the server that the timed part uses. */
async function signIn(url, setup) {
  for (const user of setup.users) {
    const { AuthenticationResult } = await idp(url, "InitiateAuth", {
      ClientId: setup.clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: user.username, PASSWORD },
    });
    user.idToken = AuthenticationResult.IdToken;
    user.accessToken = AuthenticationResult.AccessToken;
    user.logins = { [setup.provider]: user.idToken };
    user.identityId ??= (
      await identity(url, "GetId", { IdentityPoolId: setup.poolId, Logins: user.logins })
    ).IdentityId;
  }
}

const credentialsOf = (answer) => {
  if (
    typeof answer.Credentials?.SessionToken !== "string" ||
    !answer.Credentials.AccessKeyId.startsWith("ASIA")
  )
    throw new Error(`no credentials: ${JSON.stringify(answer).slice(0, 300)}`);
  return answer;
};

/** What one call of each scenario does; `i` picks the user. */
const CALLS = {
  getUser: (url, setup, i) => idp(url, "GetUser", { AccessToken: setup.users[i % USERS].accessToken }),
  initiateAuth: (url, setup, i) =>
    idp(url, "InitiateAuth", {
      ClientId: setup.clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: setup.users[i % USERS].username, PASSWORD },
    }),
  authenticated: async (url, setup, i) => {
    const user = setup.users[i % USERS];
    credentialsOf(
      await identity(url, "GetCredentialsForIdentity", { IdentityId: user.identityId, Logins: user.logins }),
    );
  },
  guest: async (url, setup) => {
    const { IdentityId } = await identity(url, "GetId", { IdentityPoolId: setup.poolId });
    credentialsOf(await identity(url, "GetCredentialsForIdentity", { IdentityId }));
  },
};
const CREDENTIAL_SCENARIOS = [
  ["getUser", "GetUser (baseline: an access token checked, the user read)"],
  ["initiateAuth", "InitiateAuth USER_PASSWORD_AUTH (a sign-in: the password checked, three tokens signed)"],
  ["authenticated", "GetCredentialsForIdentity, authenticated (a user pool ID token in Logins)"],
  ["guest", "GetId + GetCredentialsForIdentity, a new guest each"],
];

/** SECONDS of CONCURRENCY workers calling `scenario`: calls/s and the server's CPU ms per call. */
async function drive(server, setup, scenario) {
  const run = CALLS[scenario];
  let done = 0;
  const cpu0 = cpuSeconds(server.pid);
  const t0 = performance.now();
  const until = t0 + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let i = worker; performance.now() < until; i += CONCURRENCY) {
        await run(server.url, setup, i);
        done++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: done / seconds, cpuMs: ((cpuSeconds(server.pid) - cpu0) * 1000) / done };
}

async function credentialsPart() {
  PIN = process.env.BENCH_PIN !== "0" && availableParallelism() >= 2 && pinSelf();
  log("identity credentials: setting up");
  const setup = await setUp();
  const results = Object.fromEntries(CREDENTIAL_SCENARIOS.map(([s]) => [s, []]));
  try {
    for (let round = 1; round <= CREDENTIAL_ROUNDS; round++) {
      const server = await launchIdentityServer(setup.env, true);
      try {
        await signIn(server.url, setup);
        for (const [s] of CREDENTIAL_SCENARIOS)
          for (let i = 0; i < 20; i++) await CALLS[s](server.url, setup, i);
        // As the gateway part: slices, the calls in turn, the order turning at each slice.
        for (let slice = 0; slice < CREDENTIAL_SLICES; slice++) {
          const order = CREDENTIAL_SCENARIOS.map(([s]) => s);
          for (let i = 0; i < (round + slice) % order.length; i++) order.push(order.shift());
          for (const s of order) {
            const result = await drive(server, setup, s);
            results[s].push(result);
            log(
              `identity credentials round ${round}/${CREDENTIAL_ROUNDS} slice ${slice + 1}/${CREDENTIAL_SLICES} ${s.padEnd(14)} ${n(result.perSecond)}/s, ${n(result.cpuMs, 2)} ms CPU each`,
            );
          }
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(setup.dataDir, { recursive: true, force: true });
  }
  const ratio = (s, base) => median(results[s].map((r, i) => r.perSecond / results[base][i].perSecond));
  output.push(
    `Credentials issued per second: the Node server (start(), SQLite), fetch with keep-alive, ${CONCURRENCY} concurrent calls, ${CREDENTIAL_ROUNDS} round(s)`,
    `(a fresh server each) of ${CREDENTIAL_SLICES} slice(s) of ${SECONDS} s per call, the calls in turn; ${USERS} users in turn; ratios are medians of per-slice ratios;`,
    `min / median / max over slices; ${PIN ? "server pinned to core 1, this load generator to core 0" : "no core pinning"}.`,
    "",
    "| call | per second min | median | max | server CPU ms each | x GetUser | x InitiateAuth |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...CREDENTIAL_SCENARIOS.map(
      ([s, label]) =>
        `| ${label} | ${spread(
          results[s].map((r) => r.perSecond),
          1,
        )} | ${n(median(results[s].map((r) => r.cpuMs)), 2)} | ${n(ratio(s, "getUser"), 2)} | ${n(ratio(s, "initiateAuth"), 2)} |`,
    ),
    "",
  );
}

if (PART === "all" || PART === "gateway") await gatewayPart();
if (PART === "all" || PART === "credentials") await credentialsPart();
console.log(
  [
    `node ${process.versions.node}; every figure below was measured in this one run${QUICK ? " (BENCH_QUICK=1: smaller runs)" : ""}.`,
    "",
    ...output,
    `Total run time ${n((performance.now() - started) / 1000, 0)} s; load average (1, 5, 15 min) ${loadBefore.map((x) => n(x, 2)).join(", ")} before, ${loadavg()
      .map((x) => n(x, 2))
      .join(", ")} after.`,
    "",
  ].join("\n"),
);
