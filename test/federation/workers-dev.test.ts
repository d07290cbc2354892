// Federated sign-in on workerd: `wrangler dev` (D1) with the federation variables
// (COGNATE_FEDERATION_LOOPBACK_HTTP, COGNATE_FEDERATION_ENDPOINT_ORIGINS), panva's oidc-provider as
// an OIDC IdP and the Sign in with Apple stand-in (form_post, the ES256 client secret signed with
// WebCrypto in the Worker) on loopback, the Worker's token endpoint answering the app.
import {
  CreateIdentityProviderCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { exportPKCS8, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWranglerDev, type WranglerDev } from "../helpers/wrangler-dev.js";
import { adminSdk, unique } from "../oauth/server.js";
import { appClient, federatedTokens } from "./harness.js";
import { type AppleStandIn, startApple } from "./stand-ins/apple.js";
import { type OidcStandIn, startOidc } from "./stand-ins/oidc.js";

let dev: WranglerDev | undefined;
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
  dev = await startWranglerDev("cognate-federation-worker", [
    "--var",
    "COGNATE_FEDERATION_LOOPBACK_HTTP:true",
    "--var",
    `COGNATE_FEDERATION_ENDPOINT_ORIGINS:https://appleid.apple.com=${apple.url}`,
  ]);
}, 120_000);
afterAll(async () => {
  await op?.close();
  await apple?.close();
  await dev?.stop();
});

describe("federated sign-in on wrangler dev", () => {
  // A dozen round trips through a Worker that compiles on first use: more than the default 20 s on a busy machine.
  it("signs in through an OIDC IdP and through Sign in with Apple, the Worker verifying and granting", {
    timeout: 90_000,
  }, async () => {
    const { endpoint } = dev!;
    const sdk = adminSdk(endpoint, await dev!.adminKeys());
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
    const client = await appClient(sdk, poolId, { SupportedIdentityProviders: ["Corp", "SignInWithApple"] });
    const app = { base, clientId: client.id, clientSecret: client.secret };
    const signIn = async (provider: string) => (await federatedTokens(app, provider)).claims;

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
