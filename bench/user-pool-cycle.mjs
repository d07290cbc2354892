// Part 1 of the user-pool benchmark: full sign-up cycles (SignUp, ConfirmSignUp with the code the
// server delivered, InitiateAuth USER_PASSWORD_AUTH), a new user each, from a fixed number of
// concurrent workers for a fixed time, through the AWS SDK v3 client. The same pool settings and
// the same requests go to both servers.
import {
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { join } from "node:path";
import { seedCognate, seedCognitoLocal } from "./user-pool-seed.mjs";
import { cpuSeconds, sdk, startCognate, startCognitoLocal } from "./user-pool-servers.mjs";

export const PASSWORD = "Bench-Passw0rd!";

/** The pool both servers get: plain usernames, email verified by code at sign-up (unless `settings` say otherwise). */
export async function createPool(url, settings = { AutoVerifiedAttributes: ["email"] }) {
  const client = sdk(url);
  const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: "bench", ...settings }));
  const { UserPoolClient } = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: UserPool.Id,
      ClientName: "bench",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  return { poolId: UserPool.Id, clientId: UserPoolClient.ClientId };
}

/** One sign-up for a new user: SignUp, the code from the server's outbox, ConfirmSignUp. */
export async function signUp(server, client, clientId, username) {
  await client.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: "email", Value: `${username}@example.com` }],
    }),
  );
  const code = await server.codes.next(username);
  await client.send(
    new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code }),
  );
}

/** One full cycle for a new user. Throws unless every step succeeded and tokens came back. */
export async function cycle(server, client, clientId, username) {
  await signUp(server, client, clientId, username);
  const { AuthenticationResult } = await client.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );
  if (!AuthenticationResult?.AccessToken) throw new Error(`${server.name}: no tokens for ${username}`);
}

/**
 * Runs `concurrency` workers, each doing cycles back to back, until `seconds` have passed; the
 * cycles finished in that time over the elapsed time is the result. Cycles started before the
 * deadline are awaited and counted, so no work is thrown away.
 */
export async function cyclesPerSecond(server, clientId, { concurrency, seconds, prefix }) {
  const client = sdk(server.url);
  let next = 0;
  let done = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      await cycle(server, client, clientId, `${prefix}-${next++}`);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { rate: done / ((performance.now() - t0) / 1000), cycles: done };
}

/**
 * One pool size: both servers up with `size` users seeded in the same pool settings, then
 * `rounds` rounds that each measure cognate, then cognito-local, for `seconds` (never both at
 * once). Returns per-round cycles/s and each server's own CPU per cycle (from /proc).
 */
export async function throughputAt(size, { rounds, seconds, concurrency, log }) {
  const cognate = await startCognate();
  let local;
  try {
    const c = await createPool(cognate.url);
    await seedCognate(join(cognate.dataDir, "cognate.db"), c.poolId, {
      count: size,
      prefix: "seed",
      password: PASSWORD,
    });
    local = await startCognitoLocal();
    const l = await createPool(local.url);
    await local.stop();
    seedCognitoLocal(local.workDir, l.poolId, { count: size, prefix: "seed", password: PASSWORD });
    local = await startCognitoLocal(local.workDir);
    const runs = [
      [cognate, c.clientId],
      [local, l.clientId],
    ];
    for (const [server, clientId] of runs)
      await cyclesPerSecond(server, clientId, { concurrency, seconds: 1, prefix: "warm" });
    const result = { size, cognate: [], local: [], cognateCpuMs: [], localCpuMs: [] };
    for (let round = 1; round <= rounds; round++) {
      for (const [server, clientId] of runs) {
        const cpu0 = cpuSeconds(server.pid);
        const { rate, cycles } = await cyclesPerSecond(server, clientId, {
          concurrency,
          seconds,
          prefix: `r${round}`,
        });
        const key = server === cognate ? "cognate" : "local";
        result[key].push(rate);
        result[`${key}CpuMs`].push(((cpuSeconds(server.pid) - cpu0) * 1000) / cycles);
        log(
          `sign-up cycles, ${size} users, round ${round}/${rounds}: ${server.name.padEnd(13)} ${rate.toFixed(1)} cycles/s`,
        );
      }
    }
    return result;
  } finally {
    await cognate.stop();
    cognate.remove();
    await local?.stop();
    local?.remove();
  }
}
