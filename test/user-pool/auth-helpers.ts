/**
 * Shared by the sign-in suites: a cognate Node server (`start()`, SQLite under a temp data dir),
 * users seeded through the repositories on the same SQLite file (salt and verifier only), the
 * client side of SRP from amazon-cognito-identity-js's own helper, and tokens verified with
 * aws-jwt-verify against the JWKS the server serves.
 */
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CreateUserPoolClientCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { JwtRsaVerifier } from "aws-jwt-verify";
import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { repositories, type UserStatus } from "../../src/storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";
import { computeVerifier, padHex } from "../../src/user-pool/srp/index.js";
import { authenticationHelper, call, jsbn, nowString, type JsbnBigInteger } from "../srp/acijs.js";

export const ADMIN = {
  accessKeyId: "AKIACOGNATEAUTHTEST1",
  secretAccessKey: "auth/test+secret0123456789abcdefghijklmnop",
};

/** A running server and the repositories over its database file. */
export async function startServer(prefix: string) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  const server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
  });
  vi.restoreAllMocks();
  const store = repositories(sqliteDriver(openSqliteDatabase(join(dataDir, "cognate.db"))));
  return { server, store, dataDir };
}

/** An SDK client against `url`: signed with the admin key, or with `credentials` given. */
export function sdk(url: string) {
  return new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: url,
    credentials: ADMIN,
    maxAttempts: 1,
  });
}

/** A pool and one app client, through the SDK. */
export async function poolWithClient(
  url: string,
  client: Omit<CreateUserPoolClientCommandInput, "UserPoolId" | "ClientName"> = {},
  pool: Record<string, unknown> = {},
) {
  const { UserPool } = await sdk(url).send(new CreateUserPoolCommand({ PoolName: "auth", ...pool }));
  const { UserPoolClient } = await sdk(url).send(
    new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id, ClientName: "app", ...client }),
  );
  return {
    poolId: UserPool!.Id!,
    clientId: UserPoolClient!.ClientId!,
    clientSecret: UserPoolClient!.ClientSecret,
  };
}

/** What a seeded user looks like. */
export interface Seed {
  username: string;
  password: string;
  status?: UserStatus;
  enabled?: boolean;
  attributes?: Record<string, string>;
  aliases?: Record<string, string>;
}

/** Creates a user with the salt and verifier of `password` (computed over the internal username). */
export async function seedUser(store: ReturnType<typeof repositories>, poolId: string, seed: Seed) {
  const sub = crypto.randomUUID();
  const { salt, verifier } = await computeVerifier(poolId.split("_")[1]!, seed.username, seed.password);
  return store.users.create(
    {
      poolId,
      sub,
      username: seed.username,
      status: seed.status ?? "CONFIRMED",
      enabled: seed.enabled,
      srpSalt: salt,
      srpVerifier: padHex(verifier),
      attributes: { sub, ...seed.attributes },
      aliases: seed.aliases,
    },
    Date.now(),
  );
}

/** The client's SRP: A, then the PASSWORD_VERIFIER answer for a challenge, as ACIJS computes them. */
export async function srpClient(poolId: string) {
  const poolName = poolId.split("_")[1]!;
  const helper = authenticationHelper(poolName);
  const A = (await call<JsbnBigInteger>((cb) => helper.getLargeAValue(cb))).toString(16);
  return {
    A,
    async answer(parameters: Record<string, string>, password: string) {
      const userId = parameters.USER_ID_FOR_SRP!;
      const key = await call<Uint8Array>((cb) =>
        helper.getPasswordAuthenticationKey(
          userId,
          password,
          jsbn(helper, parameters.SRP_B!),
          jsbn(helper, parameters.SALT!),
          cb,
        ),
      );
      const TIMESTAMP = nowString();
      const message = Buffer.concat([
        Buffer.from(poolName),
        Buffer.from(userId),
        Buffer.from(parameters.SECRET_BLOCK!, "base64"),
        Buffer.from(TIMESTAMP),
      ]);
      const PASSWORD_CLAIM_SIGNATURE = createHmac("sha256", Buffer.from(key))
        .update(message)
        .digest("base64");
      return {
        USERNAME: userId,
        PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK!,
        TIMESTAMP,
        PASSWORD_CLAIM_SIGNATURE,
      };
    },
  };
}

/** SECRET_HASH as a client with a secret sends it. */
export const secretHashOf = (username: string, clientId: string, secret: string) =>
  createHmac("sha256", secret)
    .update(username + clientId)
    .digest("base64");

/**
 * Verifies a token with aws-jwt-verify's JwtRsaVerifier against the JWKS fetched over HTTP from
 * the server (aws-jwt-verify fetches only https, so the document is handed to `cacheJwks`).
 */
export async function verifyToken(
  url: string,
  poolId: string,
  token: string,
  tokenUse: "id" | "access",
  clientId: string,
) {
  const issuer = `${url.replace(/\/$/, "")}/${poolId}`;
  const jwks = await (await fetch(`${issuer}/.well-known/jwks.json`)).json();
  const verifier = JwtRsaVerifier.create({
    issuer,
    audience: tokenUse === "id" ? clientId : null,
    jwksUri: `${issuer}/.well-known/jwks.json`,
  });
  verifier.cacheJwks(jwks);
  return verifier.verify(
    token,
    tokenUse === "access"
      ? {
          audience: null,
          customJwtCheck: ({ payload }) => {
            if (payload.client_id !== clientId || payload.token_use !== "access")
              throw new Error("not this client's access token");
          },
        }
      : {},
  );
}

/** The error a promise rejects with; fails when it succeeds. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { name: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the call succeeded");
}
