// SRP verifiers at rest, against the Node entry through the AWS SDK v3: after sign-up, an SRP
// sign-in, AdminSetUserPassword, ChangePassword, ConfirmDevice and with a password history, the
// database files hold no verifier in clear (each recomputed from the known password); a sealed
// one moved to another user does not open; clear ones an older version stored still sign in, and
// are sealed on that read or by the sweep of the next start.
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  ConfirmDeviceCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import Database from "better-sqlite3";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { repositories, type PoolRecord, type SecretBox } from "../../src/storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";
import { importMasterKey } from "../../src/runtime/master-key.js";
import { isSealed, open, seal } from "../../src/runtime/sealed.js";
import { srpName } from "../../src/user-pool/srp-name.js";
import { bytesToHex, computeVerifier, padHex } from "../../src/user-pool/srp/index.js";
import { memoryStorage } from "../helpers/acijs.js";
import { deviceSecret } from "./device-client.js";
import { rejection, usersServer } from "./users-setup.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATETEST00002",
  secretAccessKey: "users/test+secret0123456789abcdefghijklmn",
}; // users-setup.ts's
const env = usersServer();
const [P1, P2, P3, P4] = ["Verifier-One-1!", "Verifier-Two-2!", "Verifier-Three-3!", "Verifier-Four-4!"];
const PASSWORDS = [P1, P2, P3, P4];
const TRACKED = {
  DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
};

async function pool() {
  const poolId = await env.newPool({
    Policies: { PasswordPolicy: { MinimumLength: 8, PasswordHistorySize: 3 } },
    ...TRACKED,
  });
  const { UserPoolClient } = await env.admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  const signIn = (USERNAME: string, PASSWORD: string, url?: string) =>
    (url === undefined
      ? env.anyone()
      : new CognitoIdentityProviderClient({
          region: "us-east-1",
          endpoint: url,
          credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" },
          maxAttempts: 1,
        })
    ).send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: clientId,
        AuthParameters: { USERNAME, PASSWORD },
      }),
    );
  const invite = async (Username: string, Password: string) => {
    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username,
        TemporaryPassword: "Temporary-Pass-0!",
        MessageAction: "SUPPRESS",
      }),
    );
    await env
      .admin()
      .send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username, Password, Permanent: true }));
  };
  return { poolId, clientId, signIn, invite };
}

/** The database through the repositories: without a key (as a copy's reader), and with the server's master key. */
async function stores() {
  const driver = sqliteDriver(openSqliteDatabase(env.database()));
  const master = await importMasterKey(readFileSync(join(env.dataDir, "master-key"), "utf8"));
  const box: SecretBox = {
    seal: (context, plain) => seal(master, context, plain),
    open: (context, stored) => open(master, context, stored),
    isSealed,
  };
  return { keyless: repositories(driver), keyed: repositories(driver, { secrets: box }) };
}

function databaseBytes(): string {
  return ["cognate.db", "cognate.db-wal"]
    .filter((f) => existsSync(join(env.dataDir, f)))
    .map((f) => readFileSync(join(env.dataDir, f)).toString("latin1"))
    .join("\n");
}

function rows<T>(text: string, ...params: unknown[]): T[] {
  const db = new Database(env.database(), { readonly: true });
  try {
    return db.prepare(text).all(...params) as T[];
  } finally {
    db.close();
  }
}

function write(text: string, ...params: unknown[]): void {
  const db = new Database(env.database());
  try {
    db.prepare(text).run(...params);
  } finally {
    db.close();
  }
}

/** The verifier (hex, unpadded: a substring of any padding) of `password` over `salt`, as the attacker recomputes it. */
async function verifierHex(
  pool: PoolRecord,
  username: string,
  password: string,
  salt: string,
): Promise<string> {
  const { verifier } = await computeVerifier(
    pool.id.split("_")[1]!,
    srpName(pool, username, salt),
    password,
    salt,
  );
  return verifier.toString(16);
}

function srpSignIn(poolId: string, clientId: string, username: string, password: string): Promise<unknown> {
  const userPool = new CognitoUserPool({
    UserPoolId: poolId,
    ClientId: clientId,
    endpoint: env.url(),
    Storage: memoryStorage(),
  });
  const user = new CognitoUser({ Username: username, Pool: userPool, Storage: memoryStorage() });
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
    }),
  );
}

describe("SRP verifiers at rest", () => {
  it("keeps no verifier in clear after sign-up, SRP sign-in, AdminSetUserPassword, ChangePassword, ConfirmDevice and with a history", async () => {
    const { poolId, clientId, signIn } = await pool();
    await env.anyone().send(new SignUpCommand({ ClientId: clientId, Username: "vera", Password: P1 }));
    await env.admin().send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "vera" }));
    await srpSignIn(poolId, clientId, "vera", P1);
    await env.admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: "vera",
        Password: P2,
        Permanent: true,
      }),
    );
    const signedIn = (await signIn("vera", P2)).AuthenticationResult!;
    await env.anyone().send(
      new ChangePasswordCommand({
        AccessToken: signedIn.AccessToken!,
        PreviousPassword: P2,
        ProposedPassword: P3,
      }),
    );
    expect(
      (
        await rejection(
          env.admin().send(
            new AdminSetUserPasswordCommand({
              UserPoolId: poolId,
              Username: "vera",
              Password: P1,
              Permanent: true,
            }),
          ),
        )
      ).name,
    ).toBe("PasswordHistoryPolicyViolationException");
    const meta = (await signIn("vera", P3)).AuthenticationResult!;
    const device = await deviceSecret(meta.NewDeviceMetadata!);
    await env.anyone().send(
      new ConfirmDeviceCommand({
        AccessToken: meta.AccessToken!,
        DeviceKey: device.deviceKey,
        DeviceSecretVerifierConfig: device.config,
      }),
    );
    await srpSignIn(poolId, clientId, "vera", P3);

    const { keyless, keyed } = await stores();
    const poolRecord = (await keyless.pools.get(poolId))!;
    const user = (await keyed.users.get(poolId, "vera"))!;
    // What the attacker computes is what the server keeps (so its absence below means something).
    expect(user.srpVerifier).toBe(
      padHex(BigInt(`0x${await verifierHex(poolRecord, "vera", P3, user.srpSalt!)}`)),
    );
    const salts = [
      user.srpSalt!,
      ...rows<{ srp_salt: string }>("SELECT srp_salt FROM password_history WHERE sub = ?", user.sub).map(
        (r) => r.srp_salt,
      ),
    ];
    expect(salts.length).toBeGreaterThanOrEqual(3);
    const candidates = await Promise.all(
      salts.flatMap((salt) => PASSWORDS.map((password) => verifierHex(poolRecord, "vera", password, salt))),
    );
    const deviceVerifier = BigInt(
      `0x${bytesToHex(Buffer.from(device.config.PasswordVerifier, "base64"))}`,
    ).toString(16);
    expect((await keyed.devices.get(poolId, user.sub, device.deviceKey))?.srpVerifier).toBe(deviceVerifier);

    const bytes = databaseBytes();
    for (const verifier of [...candidates, deviceVerifier]) expect(bytes).not.toContain(verifier);
    for (const { srp_verifier } of rows<{ srp_verifier: string }>(
      "SELECT srp_verifier FROM users WHERE sub = ? UNION ALL SELECT srp_verifier FROM password_history WHERE sub = ? UNION ALL SELECT srp_verifier FROM devices WHERE sub = ? AND srp_verifier IS NOT NULL",
      user.sub,
      user.sub,
      user.sub,
    ))
      expect(isSealed(srp_verifier)).toBe(true);
    // A reader without the master key sees no verifier at all.
    expect((await keyless.users.get(poolId, "vera"))?.srpVerifier).toBeNull();
  });

  it("does not open a user's verifier copied onto another user", async () => {
    const { poolId, signIn, invite } = await pool();
    await invite("alma", P1);
    await invite("bert", P4);
    write(
      "UPDATE users SET srp_salt = (SELECT srp_salt FROM users WHERE pool_id = ? AND username = 'alma'), srp_verifier = (SELECT srp_verifier FROM users WHERE pool_id = ? AND username = 'alma') WHERE pool_id = ? AND username = 'bert'",
      poolId,
      poolId,
      poolId,
    );
    expect((await signIn("alma", P1)).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    // The server logs each refused sign-in as an internal error: expected here, so read, not printed.
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(signIn("bert", P1)).rejects.toThrow();
    await expect(signIn("bert", P4)).rejects.toThrow();
    expect(logged.mock.calls.map((call) => String(call[1]))).toEqual([
      expect.stringMatching(/^SealError: cannot open/),
      expect.stringMatching(/^SealError: cannot open/),
    ]);
    logged.mockRestore();
    await expect((await stores()).keyed.users.get(poolId, "bert")).rejects.toThrow("cannot open");
  });

  it("signs in with a clear verifier of an older version, sealing it on that read and by the next start's sweep", async () => {
    const { poolId, clientId, signIn, invite } = await pool();
    const poolRecord = (await (await stores()).keyless.pools.get(poolId))!;
    await invite("carl", P4);
    await invite("dina", P4);
    const clear = async (username: string, password: string) => {
      const salt = bytesToHex(crypto.getRandomValues(new Uint8Array(16)));
      const verifier = padHex(BigInt(`0x${await verifierHex(poolRecord, username, password, salt)}`));
      write(
        "UPDATE users SET srp_salt = ?, srp_verifier = ? WHERE pool_id = ? AND username = ?",
        salt,
        verifier,
        poolId,
        username,
      );
      return verifier;
    };
    const storedOf = (username: string) =>
      rows<{ srp_verifier: string }>(
        "SELECT srp_verifier FROM users WHERE pool_id = ? AND username = ?",
        poolId,
        username,
      )[0]!.srp_verifier;

    // Read before any sweep: it signs in, and is sealed by that read.
    const carl = await clear("carl", P1);
    expect(storedOf("carl")).toBe(carl);
    expect((await signIn("carl", P1)).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    expect(isSealed(storedOf("carl"))).toBe(true);
    await srpSignIn(poolId, clientId, "carl", P1);

    // Left in clear (with a clear earlier password) until a new process starts: its sweep seals them before anything reads them.
    const dina = await clear("dina", P2);
    const sub = rows<{ sub: string }>(
      "SELECT sub FROM users WHERE pool_id = ? AND username = 'dina'",
      poolId,
    )[0]!.sub;
    write(
      "INSERT INTO password_history (sub, pool_id, srp_salt, srp_verifier, created_at) VALUES (?, ?, 'ab12', ?, 1)",
      sub,
      poolId,
      carl,
    );
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    const next = await start({
      PORT: "0",
      COGNATE_DATA_DIR: env.dataDir,
      COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
      COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    });
    vi.restoreAllMocks();
    try {
      const admin = new CognitoIdentityProviderClient({
        region: "us-east-1",
        endpoint: next.url,
        credentials: ADMIN,
        maxAttempts: 1,
      });
      // The first request of the new process: its sweep runs before the operation reads anything.
      await admin.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 1 }));
      expect(isSealed(storedOf("dina"))).toBe(true);
      expect(
        rows<{ srp_verifier: string }>("SELECT srp_verifier FROM password_history WHERE sub = ?", sub).every(
          (r) => isSealed(r.srp_verifier),
        ),
      ).toBe(true);
      expect(databaseBytes()).not.toContain(dina.replace(/^0+/, ""));
      expect((await signIn("dina", P2, next.url)).AuthenticationResult?.AccessToken).toEqual(
        expect.any(String),
      );
    } finally {
      await next.close();
    }
  });
});
