// The hosted sign-in suites' set-up, on the server of ./server.ts behind a "trusted proxy" (the
// loopback address, so a test can say X-Forwarded-Proto: https as a TLS-terminating proxy would),
// and the steps every test takes: an authorization request, the sign-in form, its POST.
import {
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, expect } from "vitest";
import { authorizationCodeHash } from "../../src/oauth/code-hash.js";
import { type Browser, formOf, type PageForm } from "./browser-wire.js";
import { type CognateServer, poolWithDomain, suiteServer } from "./server.js";

export const CALLBACK = "https://app.example/callback";

/** Starts the server for the calling suite, trusting the loopback address as a proxy. */
export const loginServer = (): CognateServer =>
  suiteServer({ env: { COGNATE_TRUSTED_PROXIES: "127.0.0.1,::1" } });

/** A pool of {@link hostedPool}. */
export type HostedPool = Awaited<ReturnType<typeof hostedPool>>;

/**
 * The server and one {@link hostedPool} for the calling suite: the pool is made in its beforeAll
 * (the object is filled in by then).
 */
export function loginSuite(): { server: CognateServer; pool: HostedPool } {
  const server = loginServer();
  const pool = {} as HostedPool;
  beforeAll(async () => {
    Object.assign(pool, await hostedPool(server));
  });
  return { server, pool };
}

/** A pool with a prefix domain (`login-...`), and an OAuth code-flow client of it. */
export async function hostedPool(
  server: CognateServer,
  pool: Partial<CreateUserPoolCommandInput> = {},
  client: Partial<CreateUserPoolClientCommandInput> = {},
) {
  const { poolId, domain, base } = await poolWithDomain(server, { PoolName: "Login Test", ...pool }, "login");
  const app = await oauthClient(server, poolId, client);
  return { poolId, prefix: domain, base, clientId: app };
}

/** An OAuth client (code flow, openid email, the test callback). */
export async function oauthClient(
  server: CognateServer,
  poolId: string,
  settings: Partial<CreateUserPoolClientCommandInput> = {},
): Promise<string> {
  return (
    await server.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "web",
        AllowedOAuthFlows: ["code"],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ["openid", "email"],
        CallbackURLs: [CALLBACK],
        SupportedIdentityProviders: ["COGNITO"],
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        ...settings,
      }),
    )
  ).UserPoolClient!.ClientId!;
}

/** `/login` with an authorization request's query (PKCE S256 with a fixed challenge). */
export function loginUrl(base: string, clientId: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: CALLBACK,
    scope: "openid email",
    state: "st-123",
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGEjzmR2bwdXGYqTc",
    code_challenge_method: "S256",
    ...extra,
  });
  return `${base}/login?${query}`;
}

/** The sign-in form of `/login`. */
export async function signInForm(browser: Browser, url: string): Promise<PageForm> {
  const { response, html } = await browser.get(url);
  expect(response.status).toBe(200);
  return formOf(html);
}

/** The code of a redirect to the callback (with the request's state). */
export function codeOf(response: Response): string {
  expect([302, 303]).toContain(response.status);
  const location = new URL(response.headers.get("location")!);
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  expect(location.searchParams.get("state")).toBe("st-123");
  const code = location.searchParams.get("code");
  expect(code).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  return code!;
}

/** What the authorization code was granted for (the stored grant). */
export async function grantOf(server: CognateServer, poolId: string, code: string) {
  const store = await server.ctx.store();
  const found = await store.oauthCodes.find(
    await authorizationCodeHash(await server.ctx.masterKey(), poolId, code),
  );
  expect(found).not.toBeNull();
  return found!;
}
