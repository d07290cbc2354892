// Part 2 of the user-pool benchmark: SRP sign-ins (InitiateAuth USER_SRP_AUTH, then
// RespondToAuthChallenge PASSWORD_VERIFIER), the client side computed by amazon-cognito-identity-js's
// own AuthenticationHelper, as test/user-pool/auth-helpers.ts `srpClient` does.
import {
  AdminConfirmSignUpCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as acijs from "amazon-cognito-identity-js";
import { createHmac } from "node:crypto";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { modPow } from "#crypto";
import {
  computeU,
  computeVerifier,
  g,
  N,
  parseSrpA,
  startServerSession,
  verifyPasswordClaim,
} from "../dist/user-pool/srp/index.js";
import { createPool, PASSWORD } from "./user-pool-cycle.mjs";
import { seedCognate, seededName } from "./user-pool-seed.mjs";
import { cpuSeconds, sdk, startCognate } from "./user-pool-servers.mjs";
import { startWrangler } from "./user-pool-wrangler.mjs";

const { AuthenticationHelper, DateHelper } = acijs;
const call = (f) => new Promise((resolve, reject) => f((err, value) => (err ? reject(err) : resolve(value))));
const jsbn = (helper, hex) => new helper.N.constructor(hex, 16);

/** The client's half for one sign-in: A, then the PASSWORD_VERIFIER answer, as ACIJS computes them. */
export async function srpClient(poolName) {
  const helper = new AuthenticationHelper(poolName);
  const A = (await call((cb) => helper.getLargeAValue(cb))).toString(16);
  return {
    A,
    async answer(p, password) {
      const key = await call((cb) =>
        helper.getPasswordAuthenticationKey(
          p.USER_ID_FOR_SRP,
          password,
          jsbn(helper, p.SRP_B),
          jsbn(helper, p.SALT),
          cb,
        ),
      );
      const TIMESTAMP = new DateHelper().getNowString();
      const message = Buffer.concat([
        Buffer.from(poolName),
        Buffer.from(p.USER_ID_FOR_SRP),
        Buffer.from(p.SECRET_BLOCK, "base64"),
        Buffer.from(TIMESTAMP),
      ]);
      const PASSWORD_CLAIM_SIGNATURE = createHmac("sha256", Buffer.from(key))
        .update(message)
        .digest("base64");
      return {
        USERNAME: p.USER_ID_FOR_SRP,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
        TIMESTAMP,
        PASSWORD_CLAIM_SIGNATURE,
      };
    },
  };
}

/**
 * One full SRP sign-in over the SDK; throws unless tokens come back. Resolves with the wall time
 * of its two calls alone (request out, answer back), without the client's SRP math between them.
 */
export async function srpSignIn(client, poolId, clientId, username) {
  const srp = await srpClient(poolId.split("_")[1]);
  const t0 = performance.now();
  const { ChallengeName, ChallengeParameters, Session } = await client.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_SRP_AUTH",
      AuthParameters: { USERNAME: username, SRP_A: srp.A },
    }),
  );
  const initiateMs = performance.now() - t0;
  if (ChallengeName !== "PASSWORD_VERIFIER") throw new Error(`challenge ${ChallengeName}`);
  const ChallengeResponses = await srp.answer(ChallengeParameters, PASSWORD);
  const t1 = performance.now();
  const { AuthenticationResult } = await client.send(
    new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName, ChallengeResponses, Session }),
  );
  const respondMs = performance.now() - t1;
  if (!AuthenticationResult?.AccessToken) throw new Error("no tokens");
  return initiateMs + respondMs;
}

/**
 * The Node server's own CPU per SRP sign-in: cognate as a child process, `signIns` sequential
 * sign-ins of seeded users, the child's user+system CPU (from /proc) over that span divided by
 * the count. The client (SDK + ACIJS) runs in this process, so none of its CPU is in the figure;
 * its own share and the wall time of the two calls per sign-in are reported beside it.
 */
export async function nodeServerCpu({ signIns }) {
  const server = await startCognate();
  try {
    const { poolId, clientId } = await createPool(server.url);
    await seedCognate(join(server.dataDir, "cognate.db"), poolId, {
      count: 20,
      prefix: "srp",
      password: PASSWORD,
    });
    const client = sdk(server.url);
    // Warm enough that the JIT has settled: the first sign-ins also compile the whole path.
    for (let i = 0; i < Math.max(10, signIns); i++)
      await srpSignIn(client, poolId, clientId, seededName("srp", i % 20));
    const server0 = cpuSeconds(server.pid);
    const client0 = process.cpuUsage();
    let callsMs = 0;
    for (let i = 0; i < signIns; i++)
      callsMs += await srpSignIn(client, poolId, clientId, seededName("srp", i % 20));
    const clientUsage = process.cpuUsage(client0);
    return {
      serverCpuMs: ((cpuSeconds(server.pid) - server0) * 1000) / signIns,
      clientCpuMs: (clientUsage.user + clientUsage.system) / 1000 / signIns,
      callsMs: callsMs / signIns,
    };
  } finally {
    await server.stop();
    server.remove();
  }
}

/**
 * The server's SRP math for one sign-in (startServerSession, then verifyPasswordClaim: three
 * 3072-bit exponentiations and the hashes), with each ModPow port of `#crypto`; and the time of
 * the same three exponentiations alone. The SRP module takes its modPow from `#crypto`, which
 * package.json resolves by condition: `node` (node:crypto) in this process, and the portable
 * one in a child process run with `--conditions=worker`, as a Worker bundle resolves it.
 */
export async function srpMath({ signIns }) {
  const node = await srpMathHere({ signIns });
  const child = spawnSync(
    process.execPath,
    ["--conditions=worker", fileURLToPath(import.meta.url), "--srp-math", String(signIns)],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (child.status !== 0) throw new Error(`the portable SRP math run failed (status ${child.status})`);
  return { node, web: JSON.parse(child.stdout) };
}

/** {@link srpMath} in this process, on the ModPow port `#crypto` resolves to here. */
async function srpMathHere({ signIns }) {
  const poolName = "BenchPool1";
  const userId = "srp-user";
  const { salt, verifier } = await computeVerifier(poolName, userId, PASSWORD);
  let inModPow = 0;
  let total = 0;
  for (let i = -3; i < signIns; i++) {
    if (i === 0) total = inModPow = 0; // three warm-up sign-ins
    const client = await srpClient(poolName);
    const t1 = performance.now();
    const A = parseSrpA(client.A);
    const { b, B } = startServerSession(verifier);
    total += performance.now() - t1;
    const secretBlock = Buffer.from(crypto.getRandomValues(new Uint8Array(64))).toString("base64");
    const answer = await client.answer(
      { USER_ID_FOR_SRP: userId, SRP_B: B.toString(16), SALT: salt, SECRET_BLOCK: secretBlock },
      PASSWORD,
    );
    const t2 = performance.now();
    const ok = await verifyPasswordClaim({
      A,
      B,
      b,
      verifier,
      poolName,
      userIdForSrp: userId,
      secretBlock: Buffer.from(answer.PASSWORD_CLAIM_SECRET_BLOCK, "base64"),
      timestamp: answer.TIMESTAMP,
      signature: answer.PASSWORD_CLAIM_SIGNATURE,
    });
    total += performance.now() - t2;
    if (!ok) throw new Error(`${modPow.name}: the claim did not verify`);
    // The same three exponentiations again, alone: g^b, v^u and (A·v^u)^b.
    const u = await computeU(A, B);
    const t3 = performance.now();
    modPow(g, b, N);
    modPow((A * modPow(verifier, u, N)) % N, b, N);
    inModPow += performance.now() - t3;
  }
  return { port: modPow.name, srpMs: total / signIns, modPowMs: inModPow / signIns };
}

if (process.argv[2] === "--srp-math" && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(await srpMathHere({ signIns: Number(process.argv[3]) })));
}

/** Wall time of the two calls per sequential SRP sign-in against `wrangler dev` (workerd, local D1, the portable ModPow). */
export async function wranglerWall({ signIns }) {
  const dev = await startWrangler();
  try {
    const client = sdk(dev.url);
    // No message sender in the Worker here: a pool that sends no code, the user confirmed by the admin.
    const { poolId, clientId } = await createPool(dev.url, {});
    const username = "srp-edge";
    await client.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "srp-edge@example.com" }],
      }),
    );
    await client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: username }));
    for (let i = 0; i < 5; i++) await srpSignIn(client, poolId, clientId, username);
    let callsMs = 0;
    for (let i = 0; i < signIns; i++) callsMs += await srpSignIn(client, poolId, clientId, username);
    return { callsMs: callsMs / signIns };
  } finally {
    await dev.stop();
  }
}
