// npm run bench: the hosted sign-in page (issue 13), in process: `app.request` on createGateway
// over SQLite (a temporary data directory, WAL, as on a server), one request at a time, so the
// figures are the server's own work with no HTTP or client in them:
// 1) GET /login with a valid authorization request (code flow, PKCE S256): the page rendered,
//    with a new CSRF cookie (a browser's first visit);
// 2) its POST with the right password: the sign-in, a browser session, an authorization code,
//    303 to the redirect URI;
// measured against two baselines of the same app in the same run: GET /health (the smallest
// answer the app gives) and the API's InitiateAuth USER_PASSWORD_AUTH (the same password check,
// answering tokens), so the ratios mean something on any machine. BENCH_QUICK=1 runs a smaller
// version.
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const QUICK = process.env.BENCH_QUICK === "1";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
const N = Number(process.env.BENCH_PAGE_REQUESTS ?? (QUICK ? 100 : 400));
const PASSWORD = "Correct-Horse-9-battery";
const REDIRECT_URI = "https://app.example.com/callback";
const ORIGIN = "http://127.0.0.1:9229";

const log = (line) => process.stderr.write(`${line}\n`);
const started = performance.now();

const { createGateway } = await import("../dist/app.js");
const { openSqlite } = await import("../dist/storage/open.node.js");
const { userPoolContext } = await import("../dist/user-pool/context.js");
const { userPoolOperations } = await import("../dist/user-pool/service.js");

const dataDir = mkdtempSync(join(tmpdir(), "cognate-bench-pages-"));
const masterKey = Buffer.alloc(32, 21).toString("base64");
const driver = await openSqlite(dataDir);
const app = createGateway(
  { region: "us-east-1" },
  { name: "node", storage: driver, masterKey, defaultPublicUrl: ORIGIN },
);
const ctx = userPoolContext({ storage: driver, masterKey, region: "us-east-1", publicUrl: ORIGIN });

/** An operation of the dispatch table, called in process (set-up only). */
async function call(name, input) {
  const op = userPoolOperations(ctx)[name];
  const request = {
    headers: new Headers(),
    url: `${ORIGIN}/`,
    sourceIp: "127.0.0.1",
    receivedAt: Date.now(),
  };
  const invocation = { input, operation: name, requestId: "bench", signer: "AKIABENCH", request };
  return (typeof op === "function" ? await op(invocation) : await op.run(invocation)) ?? {};
}

const poolId = (await call("CreateUserPool", { PoolName: "bench-pages" })).UserPool.Id;
await (await ctx.store()).domains.create(
  { domain: "bench-pages", poolId, kind: "prefix", config: {} },
  Date.now(),
);
const clientId = (
  await call("CreateUserPoolClient", {
    UserPoolId: poolId,
    ClientName: "web",
    AllowedOAuthFlows: ["code"],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthScopes: ["openid", "email"],
    CallbackURLs: [REDIRECT_URI],
    SupportedIdentityProviders: ["COGNITO"],
    ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  })
).UserPoolClient.ClientId;
await call("AdminCreateUser", {
  UserPoolId: poolId,
  Username: "user-1",
  MessageAction: "SUPPRESS",
  UserAttributes: [{ Name: "email", Value: "user@example.com" }],
});
await call("AdminSetUserPassword", {
  UserPoolId: poolId,
  Username: "user-1",
  Password: PASSWORD,
  Permanent: true,
});

const query = new URLSearchParams({
  response_type: "code",
  client_id: clientId,
  redirect_uri: REDIRECT_URI,
  scope: "openid email",
  state: "bench-state",
  code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  code_challenge_method: "S256",
});
const loginUrl = `${ORIGIN}/${poolId}/login?${query}`;

/** The cookies a response sets, as one `Cookie` header. */
const cookiesOf = (response) =>
  response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");

async function health() {
  const response = await app.request(`${ORIGIN}/health`);
  if (response.status !== 200) throw new Error(`/health: ${response.status}`);
  await response.text();
}

async function loginPage() {
  const response = await app.request(loginUrl);
  const html = await response.text();
  if (response.status !== 200 || !html.includes('name="password"'))
    throw new Error(`GET /login: ${response.status} ${html.slice(0, 300)}`);
  const csrf = /name="_csrf"[^>]*value="([^"]+)"/.exec(html) ?? /value="([^"]+)"[^>]*name="_csrf"/.exec(html);
  if (csrf === null) throw new Error("GET /login: no _csrf field");
  return { cookie: cookiesOf(response), csrf: csrf[1] };
}

/** A form as the browser would post it, each from its own GET (its own CSRF cookie). */
async function signIn(form) {
  const response = await app.request(loginUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: form.cookie },
    body: new URLSearchParams({ _csrf: form.csrf, username: "user-1", password: PASSWORD }).toString(),
  });
  const location = response.headers.get("location") ?? "";
  if (response.status !== 303 || !location.startsWith(`${REDIRECT_URI}?code=`))
    throw new Error(`POST /login: ${response.status} ${location} ${(await response.text()).slice(0, 300)}`);
}

async function initiateAuth() {
  const response = await app.request(`${ORIGIN}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
    },
    body: JSON.stringify({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: "user-1", PASSWORD },
    }),
  });
  const text = await response.text();
  if (response.status !== 200 || !text.includes("AccessToken"))
    throw new Error(`InitiateAuth: ${response.status} ${text.slice(0, 300)}`);
}

/** `n` sequential requests: milliseconds each (wall and this process's CPU). */
async function timed(n, request) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await request(i);
  const wall = (performance.now() - t0) / n;
  const cpu = process.cpuUsage(cpu0);
  return { ms: wall, cpuMs: (cpu.user + cpu.system) / 1000 / n };
}

const results = { health: [], get: [], post: [], api: [] };
for (let i = 0; i < 20; i++) {
  await health();
  await signIn(await loginPage());
  await initiateAuth();
}
for (let round = 1; round <= ROUNDS; round++) {
  log(`round ${round}/${ROUNDS}: hosted UI pages in process`);
  results.health.push(await timed(N * 5, health));
  results.get.push(await timed(N, loginPage));
  // Each POST takes the CSRF cookie and token of its own GET, fetched before the timer.
  const forms = [];
  for (let i = 0; i < N; i++) forms.push(await loginPage());
  results.post.push(await timed(N, (i) => signIn(forms[i])));
  results.api.push(await timed(N, initiateAuth));
}
await driver.close?.();
rmSync(dataDir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const n = (x, digits = 2) =>
  x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (key, base) => median(results[key].map((r, i) => r.ms / results[base][i].ms));
const row = (label, key) =>
  `| ${label} | ${n(median(results[key].map((r) => r.ms)), 3)} | ${n(median(results[key].map((r) => r.cpuMs)), 3)} | ${n(ratio(key, "health"), 1)} | ${key === "health" ? "" : n(ratio(key, "api"), 2)} |`;

console.log(
  [
    `Hosted UI pages in process (app.request on createGateway over SQLite, one request at a time), ${ROUNDS} round(s) of ${N}`,
    "requests each (GET /health: 5x as many); times are a round's mean per request, the median round shown; ratios are",
    `medians of per-round ratios. Load average ${loadavg()
      .map((x) => n(x))
      .join(", ")} at the end (1, 5, 15 min).`,
    "",
    "| request | ms each | CPU ms each | x GET /health | x InitiateAuth |",
    "|---|---:|---:|---:|---:|",
    row("GET /health (baseline)", "health"),
    row("GET /login (sign-in page, new CSRF cookie)", "get"),
    row("POST /login (right password: 303 with a code)", "post"),
    row("InitiateAuth USER_PASSWORD_AUTH (API baseline)", "api"),
    "",
    "   GET /login validates the authorization request (client, redirect URI, scopes, PKCE), renders the page with hono/jsx and",
    "   sets the XSRF-TOKEN cookie. POST /login checks the CSRF token and the password (the same sign-in pipeline as",
    "   InitiateAuth), starts the browser session and stores an authorization code. InitiateAuth signs ID, access and refresh",
    "   tokens instead.",
    "",
    `Total run time ${n((performance.now() - started) / 1000, 0)} s.`,
    "",
  ].join("\n"),
);
