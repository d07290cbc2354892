// The benchmark's peer: panva's oidc-provider on 127.0.0.1, configured as close to cognate's
// token endpoint as it goes: client_credentials, resource indicators with JWT access tokens
// (RS256, like Cognito's), a confidential client authenticating with client_secret_basic, and
// authorization codes minted ahead of the timed part through its own models (a Grant holding
// the scopes, then AuthorizationCode records bound to it, the redirect URI and a PKCE S256
// challenge), as its interaction API would after a sign-in. Storage: its in-memory adapter (its
// default, for development) or a durable SQLite one (./oidc-provider-sqlite.mjs).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, exportJWK } from "jose";
import Provider from "oidc-provider";
import { sqliteAdapter } from "./oidc-provider-sqlite.mjs";

export const CLIENT = {
  client_id: "bench-client",
  client_secret: "bench-secret-0123456789abcdefghijklmnopqrstuvwxyz",
  redirect_uri: "https://app.example.com/callback",
};
const RESOURCE = "urn:bench:orders";
const ACCOUNT = "user-1";

/**
 * Starts oidc-provider on 127.0.0.1; `mint(n, challenge)` makes n authorization codes.
 * @param {{ storage?: "memory" | "sqlite" }} [options]
 * @returns {Promise<{ tokenUrl: string, scope: string, mint: (n: number, challenge: string) => Promise<string[]>, close: () => Promise<void> }>}
 */
export async function startOidcProvider({ storage = "memory" } = {}) {
  const dataDir = storage === "sqlite" ? mkdtempSync(join(tmpdir(), "cognate-bench-op-")) : undefined;
  const sqlite = dataDir === undefined ? undefined : sqliteAdapter(dataDir);
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: "RS256", use: "sig", kid: "bench" };
  const server = createServer();
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    ...(sqlite === undefined ? {} : { adapter: sqlite.adapter }),
    clients: [
      {
        client_id: CLIENT.client_id,
        client_secret: CLIENT.client_secret,
        grant_types: ["client_credentials", "authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: [CLIENT.redirect_uri],
        token_endpoint_auth_method: "client_secret_basic",
        scope: "openid email offline_access orders/read",
      },
    ],
    jwks: { keys: [jwk] },
    scopes: ["openid", "email", "offline_access", "orders/read"],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: "orders/read",
          audience: RESOURCE,
          accessTokenTTL: 3600,
          accessTokenFormat: "jwt",
          jwt: { sign: { alg: "RS256" } },
        }),
      },
    },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, email: "user@example.com" }) }),
    ttl: {
      AuthorizationCode: 900,
      AccessToken: 3600,
      IdToken: 3600,
      RefreshToken: 30 * 86400,
      ClientCredentials: 3600,
      Grant: 30 * 86400,
    },
  });
  provider.on("server_error", (_ctx, error) => process.stderr.write(`oidc-provider: ${error.stack}\n`));
  server.on("request", provider.callback());
  const client = await provider.Client.find(CLIENT.client_id);
  const grant = new provider.Grant({ accountId: ACCOUNT, clientId: CLIENT.client_id });
  grant.addOIDCScope("openid email offline_access");
  grant.addResourceScope(RESOURCE, "orders/read");
  const grantId = await grant.save();
  return {
    tokenUrl: `${issuer}/token`,
    scope: "orders/read",
    async mint(n, challenge) {
      const codes = [];
      for (let i = 0; i < n; i++) {
        const code = new provider.AuthorizationCode({
          accountId: ACCOUNT,
          client,
          grantId,
          redirectUri: CLIENT.redirect_uri,
          scope: "openid email offline_access orders/read",
          resource: RESOURCE,
          codeChallenge: challenge,
          codeChallengeMethod: "S256",
          authTime: Math.floor(Date.now() / 1000),
        });
        codes.push(await code.save());
      }
      return codes;
    },
    close: async () => {
      await new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      });
      sqlite?.close();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
