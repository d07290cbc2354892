// The SAML first leg through the real /oauth2/authorize: the AuthnRequest to the metadata's SSO
// URL that samlify (the IdP) reads and verifies, the sealed RelayState carrying its ID and bound
// to the browser's cookie, idp_identifier, and metadata that cannot be read at sign-in.
import { Hono } from "hono";
import * as samlify from "samlify";
import { beforeAll, describe, expect, it } from "vitest";
import { pem } from "../../user-pool/federation/saml-certificates.js";
import {
  BINDING,
  pemPair,
  samlifyIdp,
  skipSchemaValidation,
} from "../../user-pool/federation/saml-fixture.testing.js";
import { callOperation, oauthFixture } from "../fixture.testing.js";
import { endFederation, type FederationState } from "../federation/state.js";
import { STARTERS } from "../federation/start.js";
import { mountHostedUi } from "../index.js";
import { redirectQuery } from "./redirect-query.testing.js";
import { startSaml } from "./start.js";

type Fixture = Awaited<ReturnType<typeof oauthFixture>>;
let f: Fixture;
let app: Hono;
let clientId: string;
let idp: ReturnType<typeof samlifyIdp>;
let sp: ReturnType<typeof samlify.ServiceProvider>;

beforeAll(async () => {
  skipSchemaValidation();
  f = await oauthFixture();
  app = new Hono();
  mountHostedUi(app, f.ctx, f.hosted.options);
  idp = samlifyIdp(await pemPair(), { wantAuthnRequestsSigned: true });
  await callOperation(f.ctx, "CreateIdentityProvider", {
    UserPoolId: f.poolId,
    ProviderName: "Okta",
    ProviderType: "SAML",
    ProviderDetails: { MetadataFile: idp.getMetadata() },
    IdpIdentifiers: ["example.com"],
  });
  // Stored as an older cognate (or a config import) might have it: metadata sign-in cannot read.
  await (await f.ctx.store()).identityProviders.create(
    {
      poolId: f.poolId,
      name: "Broken",
      type: "SAML",
      details: { MetadataURL: "http://127.0.0.1:1/metadata", SSORedirectBindingURI: "https://x.example/sso" },
      attributeMapping: { username: "NameID" },
      identifiers: [],
    },
    Date.now(),
    300,
  );
  clientId = (await f.makeClient({ SupportedIdentityProviders: ["COGNITO", "Okta", "Broken"] })).id;
  const { Certificate } = (await callOperation(f.ctx, "GetSigningCertificate", { UserPoolId: f.poolId })) as {
    Certificate: string;
  };
  sp = samlify.ServiceProvider({
    entityID: `urn:amazon:cognito:sp:${f.poolId}`,
    signingCert: pem("CERTIFICATE", Certificate),
    assertionConsumerService: [
      { Binding: BINDING.post, Location: `http://127.0.0.1:9229/${f.poolId}/saml2/idpresponse` },
    ],
  });
});

const authorize = (params: Record<string, string>, cookie?: string) =>
  app.request(
    `http://127.0.0.1:9229/${f.poolId}/oauth2/authorize?${new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: "https://app.example/cb",
      state: "app-state",
      scope: "openid email",
      // The fixture's client is public: PKCE (cognate's default policy).
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
      ...params,
    })}`,
    cookie === undefined ? {} : { headers: { cookie } },
  );

async function opened(state: string, cookie: string) {
  let out: FederationState | { error: string } | undefined;
  const probe = new Hono();
  probe.all("*", async (c) => {
    out = await endFederation(c, f.hosted, state);
    return c.body(null, 204);
  });
  await probe.request("http://127.0.0.1/", { headers: { cookie } });
  return out!;
}

describe("startSaml", () => {
  it("is the SAML starter", () => {
    expect(STARTERS.SAML).toBe(startSaml);
  });

  it("sends a signed AuthnRequest samlify verifies, with a sealed RelayState carrying its ID", async () => {
    const response = await authorize({ identity_provider: "Okta" });
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    expect(location.startsWith("https://idp.example/sso?SAMLRequest=")).toBe(true);
    const { query, octetString } = redirectQuery(location);
    // Signed, because the IdP's metadata wants it.
    const parsed = await idp.parseLoginRequest(sp, "redirect", { query, octetString });
    const id = parsed.extract.request?.id;
    expect(id).toMatch(/^_[0-9a-f]{32}$/);
    expect(parsed.extract.issuer).toBe(`urn:amazon:cognito:sp:${f.poolId}`);
    expect(query.RelayState).not.toContain("app-state");

    const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
    const state = (await opened(query.RelayState!, cookie)) as FederationState;
    expect(state).toMatchObject({ provider: "Okta", clientId, samlRequestId: id });
    expect(new URLSearchParams(state.query).get("state")).toBe("app-state");
    // Another browser cannot use it.
    expect(await opened(query.RelayState!, "federation=someone-else")).toHaveProperty("error");
  });

  it("finds the provider by idp_identifier, one request ID per request", async () => {
    const [a, b] = await Promise.all([
      authorize({ idp_identifier: "example.com" }),
      authorize({ idp_identifier: "example.com" }),
    ]);
    const ids = await Promise.all(
      [a, b].map(async (response) => {
        expect(response.status).toBe(302);
        const { query, octetString } = redirectQuery(response.headers.get("location")!);
        return (await idp.parseLoginRequest(sp, "redirect", { query, octetString })).extract.request?.id;
      }),
    );
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("sends the app server_error when the provider's metadata cannot be read at sign-in", async () => {
    const response = await authorize({ identity_provider: "Broken" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe("https://app.example/cb");
    expect(location.searchParams.get("error")).toBe("server_error");
    expect(location.searchParams.get("error_description")).toMatch(
      /^\[Broken\] Error - MetadataURL .* is not an https URL$/,
    );
    expect(location.searchParams.get("state")).toBe("app-state");
    expect(response.headers.get("set-cookie")).toBeNull();
  });
});
