// Part 5 of the user-pool benchmark: whether a wrong password's answer takes as long for a user
// that exists as for a name nobody holds (and USER_SRP_AUTH's first step, which takes no password), with PreventUserExistenceErrors ENABLED (issue 11).
// In-process through the service app (SigV4, JSON, validation, the operation), one pool, one
// user; calls alternate between the two names (the order flips each round) so that the
// machine's noise falls on both alike. The user's failure count is reset between calls (not
// timed), so that the lockout never answers for the password check. For PASSWORD_VERIFIER only
// RespondToAuthChallenge is timed; InitiateAuth and the client's SRP math are not.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repositories } from "../dist/storage/index.js";
import { openSqlite } from "../dist/storage/open.node.js";
import { serviceApp } from "./user-pool-lookup.mjs";
import { srpClient } from "./user-pool-srp.mjs";

const PASSWORD = "Bench-Enum-Pass-2026";
const WRONG = "Not-The-Pass-2026";
const FLOWS = [
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Times `calls` wrong-password answers per flow for the existing user and as many for unknown
 * names (a new one each call), after 20 untimed of each.
 *
 * @returns {Promise<{ calls: number, flows: { flow: string, existing: number, unknown: number }[] }>} medians in ms
 */
export async function enumerationTiming({ calls, log }) {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-bench-enum-"));
  const storage = await openSqlite(dataDir);
  try {
    const { call, send } = serviceApp(storage);
    const store = repositories(storage);
    const { answer } = await call("CreateUserPool", { PoolName: "enumeration" });
    const poolId = answer.UserPool.Id;
    const client = await call("CreateUserPoolClient", {
      UserPoolId: poolId,
      ClientName: "bench",
      ExplicitAuthFlows: FLOWS,
      PreventUserExistenceErrors: "ENABLED",
    });
    const ClientId = client.answer.UserPoolClient.ClientId;
    await call("AdminCreateUser", { UserPoolId: poolId, Username: "bench", MessageAction: "SUPPRESS" });
    await call("AdminSetUserPassword", {
      UserPoolId: poolId,
      Username: "bench",
      Password: PASSWORD,
      Permanent: true,
    });

    const refused = async (operation, input) => {
      const { status, answer: out, ms } = await send(operation, input);
      if (status !== 400 || out.message !== "Incorrect username or password.")
        throw new Error(`${operation}: ${status} ${JSON.stringify(out)}`);
      return ms;
    };
    const flows = {
      "USER_SRP_AUTH, InitiateAuth": async (USERNAME) => {
        const srp = await srpClient(poolId.split("_")[1]);
        const {
          status,
          answer: out,
          ms,
        } = await send("InitiateAuth", {
          ClientId,
          AuthFlow: "USER_SRP_AUTH",
          AuthParameters: { USERNAME, SRP_A: srp.A },
        });
        if (status !== 200 || out.ChallengeName !== "PASSWORD_VERIFIER")
          throw new Error(`InitiateAuth: ${status} ${JSON.stringify(out)}`);
        return ms;
      },
      USER_PASSWORD_AUTH: (USERNAME) =>
        refused("InitiateAuth", {
          ClientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME, PASSWORD: WRONG },
        }),
      ADMIN_USER_PASSWORD_AUTH: (USERNAME) =>
        refused("AdminInitiateAuth", {
          UserPoolId: poolId,
          ClientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME, PASSWORD: WRONG },
        }),
      "USER_SRP_AUTH, PASSWORD_VERIFIER": async (USERNAME) => {
        const srp = await srpClient(poolId.split("_")[1]);
        const started = await call("InitiateAuth", {
          ClientId,
          AuthFlow: "USER_SRP_AUTH",
          AuthParameters: { USERNAME, SRP_A: srp.A },
        });
        const ChallengeResponses = await srp.answer(started.answer.ChallengeParameters, WRONG);
        return refused("RespondToAuthChallenge", {
          ClientId,
          ChallengeName: "PASSWORD_VERIFIER",
          ChallengeResponses,
          Session: started.answer.Session,
        });
      },
    };
    const results = [];
    let n = 0;
    for (const [flow, attempt] of Object.entries(flows)) {
      const times = { existing: [], unknown: [] };
      const existing = async () => {
        await store.users.resetSignInFailures(poolId, "bench");
        return attempt("bench");
      };
      const unknown = () => attempt(`nobody-${n++}`);
      for (let i = 0; i < 20; i++) await existing(), await unknown();
      for (let i = 0; i < calls; i++) {
        if (i % 2 === 0) {
          times.existing.push(await existing());
          times.unknown.push(await unknown());
        } else {
          times.unknown.push(await unknown());
          times.existing.push(await existing());
        }
      }
      log(`enumeration: ${flow}, ${calls} wrong passwords each`);
      results.push({ flow, existing: median(times.existing), unknown: median(times.unknown) });
    }
    return { calls, flows: results };
  } finally {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Run alone: `npm run build --silent && node bench/user-pool-enumeration.mjs`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await enumerationTiming({
    calls: Number(process.env.BENCH_CALLS ?? 200),
    log: (l) => process.stderr.write(`${l}\n`),
  });
  for (const r of out.flows)
    console.log(
      `${r.flow}: existing ${r.existing.toFixed(3)} ms, unknown ${r.unknown.toFixed(3)} ms, ratio ${(r.existing / r.unknown).toFixed(2)}`,
    );
}
