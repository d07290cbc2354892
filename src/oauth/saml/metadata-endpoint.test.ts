import { Hono } from "hono";
import * as samlify from "samlify";
import { beforeAll, describe, expect, it } from "vitest";
import { pemPair, samlifyIdp } from "../../user-pool/federation/saml-fixture.testing.js";
import { parseXml } from "../../user-pool/federation/saml-xml.js";
import { callOperation, oauthFixture } from "../fixture.testing.js";
import { mountHostedUi } from "../index.js";

let fixture: Awaited<ReturnType<typeof oauthFixture>>;
let app: Hono;
let signing: string;
let encryption: string;

beforeAll(async () => {
  fixture = await oauthFixture();
  app = new Hono();
  mountHostedUi(app, fixture.ctx, fixture.hosted.options);
  const keys = await pemPair();
  const created = (await callOperation(fixture.ctx, "CreateIdentityProvider", {
    UserPoolId: fixture.poolId,
    ProviderName: "Okta",
    ProviderType: "SAML",
    ProviderDetails: {
      MetadataFile: samlifyIdp(keys).getMetadata(),
      EncryptedResponses: "true",
      RequestSigningAlgorithm: "rsa-sha256",
    },
  })) as { IdentityProvider: { ProviderDetails: Record<string, string> } };
  encryption = created.IdentityProvider.ProviderDetails.ActiveEncryptionCertificate!;
  await callOperation(fixture.ctx, "CreateIdentityProvider", {
    UserPoolId: fixture.poolId,
    ProviderName: "Google",
    ProviderType: "Google",
    ProviderDetails: { client_id: "g", client_secret: "s", authorize_scopes: "openid" },
  });
  signing = (
    (await callOperation(fixture.ctx, "GetSigningCertificate", { UserPoolId: fixture.poolId })) as {
      Certificate: string;
    }
  ).Certificate;
});

const certificatesOf = (xml: string, use: string) =>
  [...parseXml(xml, 100_000).getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:metadata", "KeyDescriptor")]
    .filter((key) => key.getAttribute("use") === use)
    .map((key) => key.textContent);

describe("GET /saml2/metadata", () => {
  it("describes the pool as an SP under the issuer: entity ID, ACS, SLO, signing certificate", async () => {
    const response = await app.request(`http://127.0.0.1:9229/${fixture.poolId}/saml2/metadata`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/samlmetadata+xml");
    const xml = await response.text();
    const sp = samlify.ServiceProvider({ metadata: xml });
    expect(sp.entityMeta.getEntityID()).toBe(`urn:amazon:cognito:sp:${fixture.poolId}`);
    expect(sp.entityMeta.getAssertionConsumerService("post")).toBe(
      `http://127.0.0.1:9229/${fixture.poolId}/saml2/idpresponse`,
    );
    expect(sp.entityMeta.getSingleLogoutService("post")).toBe(
      `http://127.0.0.1:9229/${fixture.poolId}/saml2/logout`,
    );
    expect(sp.entityMeta.isAuthnRequestSigned()).toBe(false);
    expect(sp.entityMeta.isWantAssertionsSigned()).toBe(true);
    expect(certificatesOf(xml, "signing")).toEqual([signing]);
    expect(certificatesOf(xml, "encryption")).toEqual([]);
  });

  it("adds a SAML provider's encryption certificate and signing setting when asked", async () => {
    const xml = await (
      await app.request(`http://127.0.0.1:9229/${fixture.poolId}/saml2/metadata?provider=Okta`)
    ).text();
    expect(certificatesOf(xml, "encryption")).toEqual([encryption]);
    expect(certificatesOf(xml, "signing")).toEqual([signing]);
    expect(samlify.ServiceProvider({ metadata: xml }).entityMeta.isAuthnRequestSigned()).toBe(true);
  });

  it("refuses a provider that is not one of the pool's SAML providers", async () => {
    for (const name of ["Google", "Nobody", "", "x".repeat(40)]) {
      const response = await app.request(
        `http://127.0.0.1:9229/${fixture.poolId}/saml2/metadata?provider=${encodeURIComponent(name)}`,
      );
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("not a SAML identity provider of this user pool");
    }
  });

  it("names the endpoints on the domain's host when reached by it", async () => {
    const response = await app.request("http://oauth-test.localhost:9229/saml2/metadata", {
      headers: { host: "oauth-test.localhost:9229" },
    });
    expect(response.status).toBe(200);
    const xml = await response.text();
    const sp = samlify.ServiceProvider({ metadata: xml });
    expect(sp.entityMeta.getAssertionConsumerService("post")).toBe(
      "http://oauth-test.localhost:9229/saml2/idpresponse",
    );
  });
});
