// One server of the OAuth benchmark, as a child process on 127.0.0.1 (`node bench/oauth-server.mjs
// cognate|oidc-provider|oidc-provider-sqlite`). It sets itself up, prints one JSON line (the token endpoint, the two
// clients' credentials, the scope), then answers `{"mint": n}` lines on stdin with n authorization
// codes (minted ahead of the timed part, bound to the redirect URI and the PKCE challenge of
// VERIFIER), and exits when stdin closes, so it never outlives the benchmark.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export const VERIFIER = "bench-verifier-0123456789abcdefghijklmnopqrstuvwxyz";
export const CHALLENGE = createHash("sha256").update(VERIFIER).digest("base64url");
const REDIRECT_URI = "https://app.example.com/callback";

async function cognate() {
  const { start } = await import("../dist/entry/node.js");
  const { openSqlite } = await import("../dist/storage/open.node.js");
  const { userPoolContext } = await import("../dist/user-pool/context.js");
  const { authorizationCodeHash, newAuthorizationCode } = await import("../dist/oauth/code-hash.js");
  const { sdk } = await import("./user-pool-servers.mjs");
  const {
    AdminCreateUserCommand,
    CreateResourceServerCommand,
    CreateUserPoolClientCommand,
    CreateUserPoolCommand,
    CreateUserPoolDomainCommand,
  } = await import("@aws-sdk/client-cognito-identity-provider");
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-bench-oauth-"));
  const masterKey = Buffer.alloc(32, 21).toString("base64");
  const log = console.log;
  console.log = () => undefined;
  const server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_MASTER_KEY: masterKey,
    COGNATE_ADMIN_ACCESS_KEY_ID: "AKIACOGNATEBENCH0001",
    COGNATE_ADMIN_SECRET_ACCESS_KEY: "bench/secret+0123456789abcdefghijklmnopqr",
  });
  console.log = log;
  const idp = sdk(server.url);
  const poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: "bench-oauth" }))).UserPool.Id;
  const driver = await openSqlite(dataDir);
  const ctx = userPoolContext({ storage: driver, masterKey, region: "us-east-1", publicUrl: server.url });
  const store = await ctx.store();
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "bench-oauth" }));
  await idp.send(
    new CreateResourceServerCommand({
      UserPoolId: poolId,
      Identifier: "orders",
      Name: "orders",
      Scopes: [{ ScopeName: "read", ScopeDescription: "read" }],
    }),
  );
  const machine = (
    await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "machine",
        GenerateSecret: true,
        AllowedOAuthFlows: ["client_credentials"],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ["orders/read"],
      }),
    )
  ).UserPoolClient;
  const web = (
    await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "web",
        GenerateSecret: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ["openid", "email", "orders/read"],
        CallbackURLs: [REDIRECT_URI],
        SupportedIdentityProviders: ["COGNITO"],
      }),
    )
  ).UserPoolClient;
  await idp.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: "user-1",
      MessageAction: "SUPPRESS",
      UserAttributes: [{ Name: "email", Value: "user@example.com" }],
    }),
  );
  const user = await store.users.get(poolId, "user-1");
  const key = await ctx.masterKey();
  return {
    ready: {
      tokenUrl: `${server.url}/${poolId}/oauth2/token`,
      machine: { id: machine.ClientId, secret: machine.ClientSecret },
      web: { id: web.ClientId, secret: web.ClientSecret },
      scope: "orders/read",
      redirectUri: REDIRECT_URI,
    },
    // What /oauth2/authorize and the sign-in page store for a code (src/oauth/grant.ts).
    async mint(n) {
      const codes = [];
      const at = Date.now();
      for (let i = 0; i < n; i++) {
        const code = newAuthorizationCode();
        await store.oauthCodes.issue(
          {
            codeHash: await authorizationCodeHash(key, poolId, code),
            poolId,
            clientId: web.ClientId,
            sub: user.sub,
            grant: {
              redirectUri: REDIRECT_URI,
              scopes: ["openid", "email", "orders/read"],
              codeChallenge: CHALLENGE,
              username: user.username,
              authTime: at,
              amr: ["pwd"],
            },
            familyId: crypto.randomUUID(),
            expiresAt: at + 5 * 60 * 1000,
          },
          at,
        );
        codes.push(code);
      }
      return codes;
    },
    close: async () => {
      await driver.close?.();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function oidcProvider(storage) {
  const { startOidcProvider, CLIENT } = await import("./oauth-oidc-provider.mjs");
  const op = await startOidcProvider({ storage });
  const client = { id: CLIENT.client_id, secret: CLIENT.client_secret };
  return {
    ready: {
      tokenUrl: op.tokenUrl,
      machine: client,
      web: client,
      scope: op.scope,
      redirectUri: CLIENT.redirect_uri,
    },
    mint: (n) => op.mint(n, CHALLENGE),
    close: op.close,
  };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const which = process.argv[2];
  const server =
    which === "cognate"
      ? await cognate()
      : await oidcProvider(which === "oidc-provider-sqlite" ? "sqlite" : "memory");
  process.stdout.write(`${JSON.stringify(server.ready)}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on("line", async (line) => {
    const { mint } = JSON.parse(line);
    process.stdout.write(`${JSON.stringify({ codes: await server.mint(mint) })}\n`);
  });
  lines.on("close", async () => {
    await server.close();
    process.exit(0);
  });
}
