// The sign-in operations inside workerd, on D1, with the portable modPow: an SRP sign-in answered
// by a minimal SRP client (ACIJS does not run here), then GetUser with the access token.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { d1Driver } from "../../src/storage/d1.js";
import { repositories } from "../../src/storage/index.js";
import { createUserPoolClient } from "../../src/user-pool/actions/clients/create-user-pool-client.js";
import { createUserPool } from "../../src/user-pool/actions/pools/create-user-pool.js";
import { authOperations } from "../../src/user-pool/actions/auth/index.js";
import { userPoolContext } from "../../src/user-pool/context.js";
import { generateMasterKey } from "../../src/runtime/master-key.js";
import { clientA, clientClaim } from "../../src/user-pool/srp/client.testing.js";
import {
  base64ToBytes,
  bytesToHex,
  computeVerifier,
  formatTimestamp,
  padHex,
  webRandomBytes,
} from "../../src/user-pool/srp/index.js";
import { operationCaller } from "./in-process.js";

const PASSWORD = "Correct-Horse-9";

describe("sign-in inside workerd (D1, portable modPow)", () => {
  it("USER_SRP_AUTH → PASSWORD_VERIFIER → tokens, and GetUser accepts the access token", async () => {
    const storage = d1Driver(env.DB);
    const ctx = userPoolContext({ storage, masterKey: generateMasterKey(), region: "us-east-1" });
    const ops: Record<string, unknown> = {
      ...authOperations(ctx),
      CreateUserPool: createUserPool(ctx),
      CreateUserPoolClient: createUserPoolClient(ctx),
    };
    const call = operationCaller(ops);
    const { UserPool } = await call("CreateUserPool", { PoolName: "edge" });
    const poolId = UserPool.Id as string;
    const poolName = poolId.split("_")[1]!;
    const { UserPoolClient } = await call("CreateUserPoolClient", { UserPoolId: poolId, ClientName: "web" });
    const { salt, verifier } = await computeVerifier(poolName, "edge-user", PASSWORD);
    await repositories(storage).users.create(
      {
        poolId,
        sub: crypto.randomUUID(),
        username: "edge-user",
        status: "CONFIRMED",
        attributes: {},
        srpSalt: salt,
        srpVerifier: padHex(verifier),
      },
      Date.now(),
    );

    const a = BigInt(`0x${bytesToHex(webRandomBytes(128))}`);
    const started = await call("InitiateAuth", {
      AuthFlow: "USER_SRP_AUTH",
      ClientId: UserPoolClient.ClientId,
      AuthParameters: { USERNAME: "edge-user", SRP_A: clientA(a).toString(16) },
    });
    const p = started.ChallengeParameters as Record<string, string>;
    const TIMESTAMP = formatTimestamp(new Date());
    const { signature } = await clientClaim({
      a,
      B: BigInt(`0x${p.SRP_B}`),
      salt: p.SALT!,
      poolName,
      userIdForSrp: p.USER_ID_FOR_SRP!,
      password: PASSWORD,
      secretBlock: base64ToBytes(p.SECRET_BLOCK!)!,
      timestamp: TIMESTAMP,
    });
    const done = await call("RespondToAuthChallenge", {
      ClientId: UserPoolClient.ClientId,
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeResponses: {
        USERNAME: p.USER_ID_FOR_SRP,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
        TIMESTAMP,
        PASSWORD_CLAIM_SIGNATURE: signature,
      },
    });
    expect(done.AuthenticationResult).toMatchObject({ TokenType: "Bearer", ExpiresIn: 3600 });
    expect((await call("GetUser", { AccessToken: done.AuthenticationResult.AccessToken })).Username).toBe(
      "edge-user",
    );
  });
});
