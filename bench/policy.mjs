// Policy evaluations per second for policy sets of 10, 100 and 1,000 statements (route-shaped:
// one Allow per API resource, some with conditions, plus a few global Denies), each asked the same
// mix of requests. Target: 1,000 statements cost at most 5x what 10 cost (the statement index).
import { evaluate, parsePolicy } from "../dist/policy/index.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const EVALUATIONS = Number(process.env.BENCH_EVALUATIONS ?? 50_000);
const SIZES = [10, 100, 1000];
const ARN = "arn:aws:execute-api:us-east-1:123456789012:shop/prod";

function policySet(size) {
  const statements = [
    {
      Sid: "DenyWritesWithoutMfa",
      Effect: "Deny",
      Action: "execute-api:Invoke",
      Resource: [`${ARN}/POST/*`, `${ARN}/DELETE/*`],
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
    },
    {
      Sid: "DenyOutside",
      Effect: "Deny",
      Action: "execute-api:Invoke",
      Resource: "*",
      Condition: { NotIpAddressIfExists: { "aws:SourceIp": ["203.0.113.0/24", "10.0.0.0/8"] } },
    },
  ];
  for (let i = statements.length; i < size; i++) {
    const statement = {
      Sid: `Route${i}`,
      Effect: "Allow",
      Action: "execute-api:Invoke",
      Resource: `${ARN}/GET/items/${i}/*`,
    };
    if (i % 3 === 0) statement.Condition = { "ForAnyValue:StringEquals": { "jwt:scope": `items/${i}` } };
    if (i % 5 === 0) statement.Resource = `${ARN}/*/users/\${jwt:sub}/items/${i}`;
    statements.push(statement);
  }
  // Split into policies of at most 100 statements, as route files would be.
  const policies = [];
  for (let i = 0; i < statements.length; i += 100) {
    policies.push(
      parsePolicy(
        { Version: "2012-10-17", Statement: statements.slice(i, i + 100) },
        `set${size}-${i / 100}.json`,
      ),
    );
  }
  return policies;
}

// 64 requests spread over the routes of the smallest set, so every size answers the same questions.
const requests = Array.from({ length: 64 }, (_, i) => {
  const route = 2 + (i % 8);
  const path = i % 4 === 3 ? `GET/users/u-${i % 2}/items/${route}` : `GET/items/${route}/detail`;
  return {
    action: "execute-api:Invoke",
    resource: `${ARN}/${path}`,
    context: {
      "aws:SourceIp": i % 7 === 0 ? "198.51.100.1" : "203.0.113.9",
      "aws:CurrentTime": "2026-11-26T12:00:00Z",
      "aws:EpochTime": "1795694400",
      "aws:SecureTransport": "true",
      "aws:MultiFactorAuthPresent": i % 2 === 0 ? "true" : "false",
      "jwt:sub": `u-${i % 2}`,
      "jwt:scope": [`items/${route}`, "openid"],
      "jwt:client_id": "client-1",
      "jwt:token_use": "access",
    },
  };
});

function run(policies, n) {
  let allowed = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++)
    if (evaluate(policies, requests[i % requests.length]).decision === "Allow") allowed++;
  const seconds = (performance.now() - t0) / 1000;
  return { rate: n / seconds, allowed };
}

const sets = Object.fromEntries(SIZES.map((s) => [s, policySet(s)]));
const results = Object.fromEntries(SIZES.map((s) => [s, []]));
const decisions = new Set();
for (const s of SIZES) run(sets[s], 5000); // warm-up: JIT and the statement indexes
for (let round = 1; round <= ROUNDS; round++) {
  for (const s of SIZES) {
    const { rate, allowed } = run(sets[s], EVALUATIONS);
    results[s].push(rate);
    decisions.add(`${s}:${allowed}`);
    process.stderr.write(
      `policy round ${round}/${ROUNDS} ${String(s).padStart(5)} statements ${Math.round(rate)} evaluations/s\n`,
    );
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString("en-US");
const ratios = (s) => median(results[10].map((v, i) => v / results[s][i]));
const worst = ratios(1000);
console.log(
  [
    `Policy evaluation: ${EVALUATIONS} evaluate() calls per run, ${ROUNDS} rounds, 64 distinct requests (context of 9 keys)`,
    "",
    "| statements | evaluations/s min | median | max | cost x 10 statements |",
    "|---:|---:|---:|---:|---:|",
    ...SIZES.map(
      (s) =>
        `| ${fmt(s)} | ${fmt(Math.min(...results[s]))} | ${fmt(median(results[s]))} | ${fmt(Math.max(...results[s]))} | ${ratios(s).toFixed(2)} |`,
    ),
    "",
    `Target: 1,000 statements cost ${worst.toFixed(2)}x what 10 cost (<= 5: ${worst <= 5 ? "met" : "MISSED"}).`,
    "",
  ].join("\n"),
);
