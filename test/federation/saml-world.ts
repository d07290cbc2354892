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
  type CognitoIdentityProviderClient,
  CreateIdentityProviderCommand,
  type IdentityProviderType,
  CreateUserPoolClientCommand,
  GetSigningCertificateCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import { type CognateServer, poolWithDomain, startServer } from "../oauth/server.js";
import { APP_CALLBACK, type Agent, type Landing, redirectTarget } from "./harness.js";
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

/** cognate as the service provider of the pool at `issuer`, as an IdP stand-in is told of it. */
export interface ServiceProvider {
  spEntityId: string;
  acs: string;
  slo: string;
  /** The pool's signing certificate (GetSigningCertificate, as PEM): what signed AuthnRequests are checked with. */
  spSigningCert: string;
}

/** The pool's service provider: its entity id, endpoints under `issuer` and signing certificate. */
export async function serviceProvider(
  sdk: CognitoIdentityProviderClient,
  poolId: string,
  issuer: string,
): Promise<ServiceProvider> {
  const { Certificate } = await sdk.send(new GetSigningCertificateCommand({ UserPoolId: poolId }));
  return {
    spEntityId: `urn:amazon:cognito:sp:${poolId}`,
    acs: `${issuer}/saml2/idpresponse`,
    slo: `${issuer}/saml2/logout`,
    spSigningCert: pemOf(Certificate!),
  };
}

/** The SAML provider `name` of `idp`'s metadata, with `details` besides it and `mapping`. */
export async function samlProvider(
  sdk: CognitoIdentityProviderClient,
  poolId: string,
  name: string,
  idp: SamlStandIn,
  details: Record<string, string>,
  mapping: Record<string, string>,
): Promise<IdentityProviderType> {
  const { IdentityProvider } = await sdk.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: name,
      ProviderType: "SAML",
      ProviderDetails: { MetadataFile: idp.metadata, ...details },
      AttributeMapping: mapping,
    }),
  );
  return IdentityProvider!;
}

/**
 * The provider "Secure" of `secure`'s metadata with EncryptedResponses (email mapped), the stand-in
 * encrypting to the provider's ActiveEncryptionCertificate.
 */
export async function encryptingProvider(
  sdk: CognitoIdentityProviderClient,
  poolId: string,
  secure: SamlStandIn,
): Promise<void> {
  const provider = await samlProvider(
    sdk,
    poolId,
    "Secure",
    secure,
    { EncryptedResponses: "true" },
    { email: "email" },
  );
  secure.useSpEncryptionCert(provider.ProviderDetails!.ActiveEncryptionCertificate!);
}

/**
 * Signature wrapping: a base64 SAMLResponse with an unsigned copy of its signed assertion (its
 * NameID `admin`) put before the signed one.
 */
export function wrapSignature(samlResponse: string): string {
  const doc = new DOMParser().parseFromString(Buffer.from(samlResponse, "base64").toString(), "text/xml");
  const SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
  const signed = doc.getElementsByTagNameNS(SAML, "Assertion")[0]!;
  const evil = signed.cloneNode(true) as unknown as typeof signed;
  const signature = evil.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature")[0]!;
  signature.parentNode!.removeChild(signature);
  evil.setAttribute("ID", "_evil");
  evil.getElementsByTagNameNS(SAML, "NameID")[0]!.textContent = "admin";
  signed.parentNode!.insertBefore(evil as never, signed as never);
  return Buffer.from(new XMLSerializer().serializeToString(doc)).toString("base64");
}

/** Starts everything. */
export async function samlWorld(): Promise<SamlWorld> {
  const server = await startServer({ config: { federation: { allowLoopbackHttp: true } } });
  const { poolId, base } = await poolWithDomain(server, {}, "saml");
  const sp = await serviceProvider(server.sdk, poolId, base);
  const okta = await startSamlIdp(sp);
  // No signing certificate: this IdP does not ask for signed AuthnRequests.
  const secure = await startSamlIdp({ spEntityId: sp.spEntityId, acs: sp.acs, slo: sp.slo });

  await samlProvider(
    server.sdk,
    poolId,
    "Okta",
    okta,
    { IDPInit: "true", IDPSignout: "true", RequestSigningAlgorithm: "rsa-sha256" },
    { email: "email", name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name" },
  );
  await encryptingProvider(server.sdk, poolId, secure);
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
    acs: sp.acs,
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
    const next = await redirectTarget(response, url);
    if (next !== undefined) {
      url = next;
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
  const next = await redirectTarget(response, action);
  if (next !== undefined) return agent.walk(next.href);
  return { status: response.status, body: await response.text(), visited: [action] };
}
