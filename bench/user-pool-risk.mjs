// Part 4 of the user-pool benchmark: what threat protection costs a sign-in. AdminInitiateAuth
// ADMIN_USER_PASSWORD_AUTH with ContextData (address, User-Agent, location headers), in-process
// through the service app (SigV4, JSON, validation, the operation), in a pool with threat
// protection OFF and one ENFORCED (every level NO_ACTION, so every sign-in ends in tokens), each
// user with a history of 60 sign-ins. ENFORCED adds the compromised-password check, the read of
// the history, the score and the richer auth event. Calls alternate between the pools so that
// the machine's noise falls on both alike.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqlite } from "../dist/storage/open.node.js";
import { serviceApp } from "./user-pool-lookup.mjs";

const PASSWORD = "Bench-Risk-Pass-2026";
const NO_ACTION = { EventAction: "NO_ACTION", Notify: false };
const CONTEXT = {
  IpAddress: "198.51.100.7",
  ServerName: "bench",
  ServerPath: "/login",
  HttpHeaders: [
    { headerName: "user-agent", headerValue: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" },
    { headerName: "cf-iplatitude", headerValue: "51.5074" },
    { headerName: "cf-iplongitude", headerValue: "-0.1278" },
    { headerName: "cf-ipcity", headerValue: "London" },
    { headerName: "cf-ipcountry", headerValue: "GB" },
  ],
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function poolWithUser(call, mode) {
  const { answer } = await call("CreateUserPool", {
    PoolName: `risk-${mode}`,
    UserPoolAddOns: { AdvancedSecurityMode: mode },
  });
  const poolId = answer.UserPool.Id;
  const client = await call("CreateUserPoolClient", {
    UserPoolId: poolId,
    ClientName: "bench",
    ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  });
  if (mode === "ENFORCED") {
    await call("SetRiskConfiguration", {
      UserPoolId: poolId,
      AccountTakeoverRiskConfiguration: {
        Actions: { LowAction: NO_ACTION, MediumAction: NO_ACTION, HighAction: NO_ACTION },
      },
    });
  }
  await call("AdminCreateUser", { UserPoolId: poolId, Username: "bench", MessageAction: "SUPPRESS" });
  await call("AdminSetUserPassword", {
    UserPoolId: poolId,
    Username: "bench",
    Password: PASSWORD,
    Permanent: true,
  });
  const signIn = async () => {
    const { answer: result, ms } = await call("AdminInitiateAuth", {
      UserPoolId: poolId,
      ClientId: client.answer.UserPoolClient.ClientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "bench", PASSWORD },
      ContextData: CONTEXT,
    });
    if (result.AuthenticationResult?.AccessToken === undefined)
      throw new Error(`${mode}: no tokens: ${JSON.stringify(result)}`);
    return ms;
  };
  return signIn;
}

/**
 * Times `signIns` sign-ins in each pool, alternating, after 60 untimed ones each (the history).
 *
 * @returns {Promise<{ off: number, enforced: number, signIns: number }>} median ms per sign-in
 */
export async function riskCost({ signIns, log }) {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-bench-risk-"));
  const storage = await openSqlite(dataDir);
  try {
    const { call } = serviceApp(storage);
    const off = await poolWithUser(call, "OFF");
    const enforced = await poolWithUser(call, "ENFORCED");
    for (let i = 0; i < 60; i++) {
      await off();
      await enforced();
    }
    log(`risk: 60 sign-ins of history each (not counted), then ${signIns} timed per pool`);
    const times = { off: [], enforced: [] };
    for (let i = 0; i < signIns; i++) {
      times.off.push(await off());
      times.enforced.push(await enforced());
    }
    return { off: median(times.off), enforced: median(times.enforced), signIns };
  } finally {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
