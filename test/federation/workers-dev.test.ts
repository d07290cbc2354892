// Federated sign-in on workerd: `wrangler dev` (D1) with the federation variables
// (COGNATE_FEDERATION_LOOPBACK_HTTP, COGNATE_FEDERATION_ENDPOINT_ORIGINS), panva's oidc-provider as
// an OIDC IdP and the Sign in with Apple stand-in (form_post, the ES256 client secret signed with
// WebCrypto in the Worker) on loopback, the Worker's token endpoint answering the app.
import {
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { decodeJwt, exportPKCS8, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startProcess } from "../helpers/process.js";
import { adminSdk, unique } from "../oauth/server.js";
import { Agent, APP_CALLBACK } from "./harness.js";
import { type AppleStandIn, startApple } from "./stand-ins/apple.js";
import { type OidcStandIn, startOidc } from "./stand-ins/oidc.js";

const WRANGLER_ENV = {
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};
const run = promisify(execFile);
let dev: Awaited<ReturnType<typeof startProcess>> | undefined;
let endpoint: string;
let persist: string;
let apple: AppleStandIn;
let op: OidcStandIn | undefined;
let p8: string;
const appleRedirects: string[] = [];

beforeAll(async () => {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  p8 = await exportPKCS8(privateKey);
  apple = await startApple({
    clientId: "com.example.worker",
    teamId: "TEAMWORKER",
    keyId: "KEYWORKER1",
    p8,
    redirectUris: appleRedirects,
  });
  const port = await freePort();
  persist = mkdtempSync(join(tmpdir(), "cognate-federation-worker-"));
  dev = await startProcess(
    "npm",
    [
      "run",
      "--silent",
      "dev:worker",
      "--",
      "--port",
      String(port),
      "--persist-to",
      persist,
      "--var",
      "COGNATE_FEDERATION_LOOPBACK_HTTP:true",
      "--var",
      `COGNATE_FEDERATION_ENDPOINT_ORIGINS:https://appleid.apple.com=${apple.url}`,
    ],
    { ready: /Ready on (http:\/\/\S+)/, timeoutMs: 90_000, env: WRANGLER_ENV },
  );
  if (dev.match === null) throw new Error(`npm run dev:worker did not start:\n${dev.output()}`);
  endpoint = `http://127.0.0.1:${port}`;
}, 120_000);
afterAll(async () => {
  await op?.close();
  await apple?.close();
  await dev?.stop();
});

/** The development admin key pair (as test/oauth/browser/workers-dev.test.ts reads it). */
async function adminFromLog(): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  await fetch(`${endpoint}/health`);
  const pattern =
    /AWS_ACCESS_KEY_ID=(\w+); its secret: npx wrangler (d1 execute DB --local --json --command) "([^"]+)"/;
  let match: RegExpExecArray | null = null;
  for (let i = 0; i < 100 && match === null; i++) {
    match = pattern.exec(dev!.output());
    if (match === null) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (match === null) throw new Error(`no admin key line in the log:\n${dev!.output()}`);
  const args = [...match[2]!.split(" "), match[3]!, "--persist-to", persist];
  const { stdout } = await run("npx", ["wrangler", ...args], { env: { ...process.env, ...WRANGLER_ENV } });
  const secret = (JSON.parse(stdout) as { results: { secret: string }[] }[])[0]!.results[0]!.secret;
  return { accessKeyId: match[1]!, secretAccessKey: secret };
}

describe("federated sign-in on wrangler dev", () => {
  it("signs in through an OIDC IdP and through Sign in with Apple, the Worker verifying and granting", async () => {
    const sdk = adminSdk(endpoint, await adminFromLog());
    const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: "federation-worker" }));
    const poolId = UserPool!.Id!;
    await sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: unique("fed-worker") }));
    const base = `${endpoint}/${poolId}`;
    const idpResponse = `${base}/oauth2/idpresponse`;
    appleRedirects.push(idpResponse);
    op = await startOidc({
      clientId: "worker-rp",
      clientSecret: "worker-secret",
      redirectUris: [idpResponse],
    });
    await sdk.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: "Corp",
        ProviderType: "OIDC",
        ProviderDetails: {
          client_id: "worker-rp",
          client_secret: "worker-secret",
          authorize_scopes: "openid email profile",
          attributes_request_method: "GET",
          oidc_issuer: op.url,
        },
        AttributeMapping: { email: "email", name: "name" },
      }),
    );
    await sdk.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: "SignInWithApple",
        ProviderType: "SignInWithApple",
        ProviderDetails: {
          client_id: "com.example.worker",
          team_id: "TEAMWORKER",
          key_id: "KEYWORKER1",
          private_key: p8,
          authorize_scopes: "email name",
        },
        AttributeMapping: { email: "email", name: "name" },
      }),
    );
    const { UserPoolClient } = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "app",
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid", "email", "profile"],
        CallbackURLs: [APP_CALLBACK],
        SupportedIdentityProviders: ["Corp", "SignInWithApple"],
      }),
    );
    const client = { id: UserPoolClient!.ClientId!, secret: UserPoolClient!.ClientSecret! };

    const signIn = async (provider: string) => {
      const query = new URLSearchParams({
        response_type: "code",
        client_id: client.id,
        redirect_uri: APP_CALLBACK,
        scope: "openid email profile",
        state: "worker-state",
        identity_provider: provider,
      });
      const landing = await new Agent().walk(`${base}/oauth2/authorize?${query}`);
      const code = landing.callback?.searchParams.get("code");
      if (!code)
        throw new Error(`no code: ${landing.callback?.search ?? `${landing.status} ${landing.body}`}`);
      const response = await fetch(`${base}/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: APP_CALLBACK,
          client_id: client.id,
          client_secret: client.secret,
        }),
      });
      expect(response.status).toBe(200);
      return decodeJwt(((await response.json()) as { id_token: string }).id_token);
    };

    op.nextSubject("wanda", { email: "wanda@corp.example", name: "Wanda Worker" });
    expect(await signIn("Corp")).toMatchObject({
      iss: `${endpoint}/${poolId}`,
      "cognito:username": "corp_wanda",
      email: "wanda@corp.example",
      name: "Wanda Worker",
    });
    apple.nextUser({
      sub: "000777.worker",
      email: "w@privaterelay.test",
      firstName: "Wes",
      lastName: "Worker",
    });
    expect(await signIn("SignInWithApple")).toMatchObject({
      "cognito:username": "signinwithapple_000777.worker",
      email: "w@privaterelay.test",
      name: "Wes Worker",
    });
  });
});
