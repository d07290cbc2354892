/**
 * The SAML suites' world: the real Node server with `federation.allowLoopbackHttp` (the stand-ins'
 * metadata names http://127.0.0.1 endpoints), a pool with a domain, and two samlify IdPs:
 *
 * - `okta` ("Okta"): IDPInit, IDPSignout, signed AuthnRequests (RequestSigningAlgorithm), which
 *   it checks against the pool's GetSigningCertificate; attributes mapped to email and name;
 * - `secure` ("Secure"): EncryptedResponses (encrypting to the provider's
 *   ActiveEncryptionCertificate), no IDPInit.
 *
 * One app client supports both; its LogoutURLs hold {@link LOGOUT_URI}.
 */
import {
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  GetSigningCertificateCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { type CognateServer, poolWithDomain, startServer } from "../oauth/server.js";
import { APP_CALLBACK, type Agent, type Landing } from "./harness.js";
import { type SamlStandIn, startSamlIdp } from "./stand-ins/saml.js";
import { formPost } from "./stand-ins/walk.js";

/** A registered logout URI under the app's callback (the agent stops there). */
export const LOGOUT_URI = `${APP_CALLBACK}?signed-out=1`;

export interface SamlWorld {
  server: CognateServer;
  poolId: string;
  base: string;
  acs: string;
  okta: SamlStandIn;
  secure: SamlStandIn;
  clientId: string;
  clientSecret: string;
  close: () => Promise<void>;
}

const pemOf = (base64: string) =>
  `-----BEGIN CERTIFICATE-----\n${base64.replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`;

/** Starts everything. */
export async function samlWorld(): Promise<SamlWorld> {
  const server = await startServer({ config: { federation: { allowLoopbackHttp: true } } });
  const { poolId, base } = await poolWithDomain(server, {}, "saml");
  const acs = `${base}/saml2/idpresponse`;
  const slo = `${base}/saml2/logout`;
  const spEntityId = `urn:amazon:cognito:sp:${poolId}`;
  const { Certificate } = await server.sdk.send(new GetSigningCertificateCommand({ UserPoolId: poolId }));
  const okta = await startSamlIdp({ spEntityId, acs, slo, spSigningCert: pemOf(Certificate!) });
  const secure = await startSamlIdp({ spEntityId, acs, slo });

  await server.sdk.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: "Okta",
      ProviderType: "SAML",
      ProviderDetails: {
        MetadataFile: okta.metadata,
        IDPInit: "true",
        IDPSignout: "true",
        RequestSigningAlgorithm: "rsa-sha256",
      },
      AttributeMapping: {
        email: "email",
        name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
      },
    }),
  );
  const { IdentityProvider } = await server.sdk.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: "Secure",
      ProviderType: "SAML",
      ProviderDetails: { MetadataFile: secure.metadata, EncryptedResponses: "true" },
      AttributeMapping: { email: "email" },
    }),
  );
  secure.useSpEncryptionCert(IdentityProvider!.ProviderDetails!.ActiveEncryptionCertificate!);
  secure.setResponseOptions({ encrypt: "gcm" });

  const { UserPoolClient } = await server.sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "saml-app",
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email", "profile"],
      CallbackURLs: [APP_CALLBACK],
      LogoutURLs: [LOGOUT_URI],
      SupportedIdentityProviders: ["Okta", "Secure"],
    }),
  );
  return {
    server,
    poolId,
    base,
    acs,
    okta,
    secure,
    clientId: UserPoolClient!.ClientId!,
    clientSecret: UserPoolClient!.ClientSecret!,
    close: async () => {
      await Promise.all([okta.close(), secure.close()]);
      await server.close();
    },
  };
}

/** `/oauth2/authorize` of the world's client naming `provider`. */
export function samlAuthorizeUrl(
  world: SamlWorld,
  provider: string,
  extra: Record<string, string> = {},
): string {
  return `${world.base}/oauth2/authorize?${new URLSearchParams({
    response_type: "code",
    client_id: world.clientId,
    redirect_uri: APP_CALLBACK,
    scope: "openid email profile",
    state: "app-state",
    identity_provider: provider,
    ...extra,
  })}`;
}

/** The authorize parameters an IdP-initiated sign-in carries as RelayState. */
export function idpInitiatedRelayState(world: SamlWorld, provider: string): string {
  return new URLSearchParams({
    identity_provider: provider,
    client_id: world.clientId,
    redirect_uri: APP_CALLBACK,
    response_type: "code",
    scope: "openid email profile",
  }).toString();
}

/**
 * Follows redirects from `start` until the IdP's page that auto-posts to cognate: its action and
 * fields (SAMLResponse, RelayState), not yet posted.
 */
export async function untilPost(
  agent: Agent,
  start: string,
): Promise<{ action: string; fields: Record<string, string> }> {
  let url = new URL(start);
  for (let hop = 0; hop < 20; hop++) {
    const response = await agent.fetch(url);
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url);
      continue;
    }
    const body = await response.text();
    const form = formPost(body);
    if (form === undefined) throw new Error(`untilPost: ${response.status} at ${url}: ${body.slice(0, 300)}`);
    return form;
  }
  throw new Error("untilPost: too many redirects");
}

/** Posts `fields` to `action` as the IdP's page would, then walks on to the app (or a page). */
export async function post(agent: Agent, action: string, fields: Record<string, string>): Promise<Landing> {
  const response = await agent.fetch(action, new URLSearchParams(fields));
  const location = response.headers.get("location");
  if (response.status >= 300 && response.status < 400 && location) {
    await response.body?.cancel();
    return agent.walk(new URL(location, action).href);
  }
  return { status: response.status, body: await response.text(), visited: [action] };
}
